import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';

import { i18n } from '@/lib/i18n';
import { resetSession } from '@/lib/session';

import { setViewportWidth } from './viewport';

// `findBy…` and `waitFor` wait for antd's renders, which take seconds on a busy 2-core machine.
configure({ asyncUtilTimeout: 5_000 });

// jsdom has no layout: answer antd's breakpoint queries (`(min-width: 768px)`, …) from
// `window.innerWidth`, which a test sets with `setViewportWidth` before rendering.
function matchesWidth(query: string): boolean {
  const width = window.innerWidth;
  return [...query.matchAll(/\((min|max)-width:\s*(\d+(?:\.\d+)?)px\)/g)].every(([, kind, px]) =>
    kind === 'min' ? width >= Number(px) : width <= Number(px),
  );
}
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: matchesWidth(query),
    media: query,
    onchange: null,
    addListener: vi.fn(),
    removeListener: vi.fn(),
    addEventListener: vi.fn(),
    removeEventListener: vi.fn(),
    dispatchEvent: vi.fn(),
  }),
});
// antd's menu and layout observe sizes; jsdom has nothing to report.
window.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};
window.getComputedStyle = (
  (getComputedStyle) => (element: Element) =>
    getComputedStyle(element)
)(window.getComputedStyle);

// Tests start as a browser that signed in here before, so the start-up refresh asks the
// server (the `/api/v1/auth/refresh` stub answers for its cookie); a test of a first visit
// removes the hint (`lib/session.ts`).
beforeEach(() => {
  window.localStorage.setItem('ketang.signed-in', '1');
});

afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  window.localStorage.clear();
  resetSession();
  setViewportWidth(1280);
  await i18n.changeLanguage('zh-CN');
});
