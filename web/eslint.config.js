import { readdirSync } from 'node:fs';

import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Imports flow shared → features → app (STYLE.md 19): a feature never imports another
// feature or the app; shared code (components, hooks, lib, config, types, utils, testing)
// imports neither. ESLint's own `no-restricted-imports` enforces it, by path pattern.
const features = readdirSync(new URL('./src/features', import.meta.url));
const appImports = { group: ['@/app/*', '**/app/*'], message: 'Only the app imports the app.' };
const featureImports = (except) => ({
  group: ['@/features/*', '**/features/*', ...except.map((name) => `!@/features/${name}`)],
  message: 'Features do not import each other; move shared code to components/, hooks/ or lib/.',
});

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'src/types/api.d.ts', 'e2e/artifacts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}', 'vite.config.ts'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        // An antd icon names itself ("wechat") unless hidden, and that name leaks into the
        // accessible name of the button or link around it ("wechat 微信扫码登录").
        {
          selector:
            "JSXOpeningElement[name.name=/(Outlined|Filled|TwoTone)$/]:not(:has(JSXAttribute[name.name='aria-hidden']))",
          message:
            'Icons are decorative: add aria-hidden (the text beside it, or the aria-label of an icon-only control, names it).',
        },
        // The browser's own validation stops a submit with a bubble in the browser's language
        // and never reaches antd's rules, which show errors inline in the page's language.
        {
          selector: "JSXAttribute[name.name='type'][value.value=/^(url|email|number)$/]",
          message:
            "type=url/email/number trigger the browser's validation bubbles: use a text input with inputMode and an antd Form rule.",
        },
        {
          selector:
            'JSXOpeningElement[name.name=/^(Input|input|textarea)$/] > JSXAttribute[name.name=/^(required|pattern|min|max|step)$/]',
          message:
            "Constraint attributes trigger the browser's validation bubbles: say it with an antd Form rule instead.",
        },
      ],
    },
  },
  {
    files: ['src/{components,hooks,lib,config,types,utils,testing}/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [appImports, featureImports([])] }],
    },
  },
  ...features.map((feature) => ({
    files: [`src/features/${feature}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': ['error', { patterns: [appImports, featureImports([feature])] }],
    },
  })),
  {
    files: ['eslint.config.js', 'e2e/**/*.mjs', 'scripts/**/*.mjs'],
    // e2e callbacks passed to page.evaluate run in the browser.
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
