import { render, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router-dom';
import { describe, expect, it } from 'vitest';

import { changeLanguage, i18n } from '@/lib/i18n';
import { stubApi } from '@/testing/test-utils';

import { AppProvider } from './provider';
import { routes } from './router';

type Page = { path: string; title: string | undefined };

/** Every route a person can land on, with the title its own or an enclosing route gives it. */
function pages(list: RouteObject[], parentPath = '', parentTitle?: string): Page[] {
  return list.flatMap((route) => {
    const handle = route.handle as { title?: string } | undefined;
    const title = handle?.title ?? parentTitle;
    const path = route.path ?? parentPath;
    const own: Page[] = route.element && (route.path || route.index) ? [{ path, title }] : [];
    return [...own, ...pages(route.children ?? [], path, title)];
  });
}

describe('page titles', () => {
  it('names every page, each in both languages', () => {
    const all = pages(routes);
    expect(all.length).toBeGreaterThan(40);
    for (const page of all) {
      expect(page.title, page.path).toBeDefined();
      expect(i18n.exists(page.title!, { lng: 'zh-CN' }), page.title).toBe(true);
      expect(i18n.exists(page.title!, { lng: 'en' }), page.title).toBe(true);
    }
    // Only the QR code's address and the page it forwards to share a name.
    const byTitle = new Map<string, string[]>();
    for (const { path, title } of all) byTitle.set(title!, [...(byTitle.get(title!) ?? []), path]);
    const shared = [...byTitle.values()]
      .map((paths) => [...new Set(paths)].sort())
      .filter((paths) => paths.length > 1);
    expect(shared).toEqual([
      ['/classroom/courses/:courseId/sign-in', '/courses/:courseId/sign-in'],
    ]);
  });

  it('shows the page in the browser tab, in the UI language', async () => {
    stubApi({ '/api/v1/categories': { body: { items: [], total: 0, page: 1, page_size: 100 } } });
    const router = createMemoryRouter(routes, { initialEntries: ['/no/such/page'] });
    render(
      <AppProvider>
        <RouterProvider router={router} />
      </AppProvider>,
    );

    await waitFor(() => expect(document.title).toBe('页面不存在 · 课堂 Ketang'));
    await router.navigate('/membership/login');
    await waitFor(() => expect(document.title).toBe('会员登录 · 课堂 Ketang'));
    await changeLanguage('en');
    await waitFor(() => expect(document.title).toBe('Member sign-in · 课堂 Ketang'));
  });
});
