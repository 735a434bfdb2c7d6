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
