import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { describe, expect, it } from 'vitest';

import { stubApi } from '@/testing/test-utils';
import { setViewportWidth } from '@/testing/viewport';

import { AppProvider } from './provider';
import { routes } from './router';

const categories = {
  items: [
    {
      id: '1',
      code: 'cross_border_ecommerce',
      name_zh: '跨境电商实务',
      name_en: 'Cross-border e-commerce practice',
      sort_order: 10,
    },
  ],
  total: 1,
  page: 1,
  page_size: 100,
};

function renderApp(path = '/') {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <AppProvider>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return router;
}

const zhNav = ['首页', '人才培养·云课堂', '培训班级', '会员服务', '用户中心'];
const enNav = ['Home', 'Talent · Cloud classroom', 'Training classes', 'Membership', 'User center'];

describe('app shell', () => {
  it('shows the top navigation in Chinese by default and switches to English', async () => {
    const { requests } = stubApi({ '/api/v1/categories': { body: categories } });
    renderApp();

    const nav = screen.getByRole('menu', { name: '菜单' });
    for (const name of zhNav) expect(within(nav).getByRole('menuitem', { name })).toBeVisible();
    expect(await screen.findByText('跨境电商实务')).toBeInTheDocument();

    // The radio input is visually hidden; people click its label.
    await userEvent.click(screen.getByText('English'));
    expect(screen.getByRole('radio', { name: 'English' })).toBeChecked();

    const enNavigation = screen.getByRole('menu', { name: 'Menu' });
    for (const name of enNav) {
      expect(within(enNavigation).getByRole('menuitem', { name })).toBeInTheDocument();
    }
    expect(await screen.findByText('Cross-border e-commerce practice')).toBeInTheDocument();
    expect(window.localStorage.getItem('ketang.language')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    // Asked again in English: the server localises what it sends (problems, labels).
    await waitFor(() => expect(requests.at(-1)?.headers.get('Accept-Language')).toBe('en'));
  });

  it('folds the navigation into a drawer on a phone', async () => {
    setViewportWidth(375);
    stubApi({ '/api/v1/categories': { body: categories } });
    const router = renderApp();

    expect(screen.queryByRole('menu', { name: '菜单' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '菜单' }));

    const drawer = await screen.findByRole('dialog');
    for (const name of zhNav) expect(within(drawer).getByRole('menuitem', { name })).toBeVisible();
    await userEvent.click(within(drawer).getByText('English'));
    expect(within(drawer).getByRole('menuitem', { name: 'Membership' })).toBeVisible();

    await userEvent.click(within(drawer).getByRole('link', { name: 'Membership' }));
    expect(router.state.location.pathname).toBe('/membership');
  });

  it('answers unknown addresses with a 404 page', async () => {
    renderApp('/no/such/page');
    expect(await screen.findByText('页面不存在')).toBeInTheDocument();
  });
});
