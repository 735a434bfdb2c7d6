import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { describe, expect, it } from 'vitest';

import { me, session, unreadReply } from '@/testing/fixtures';
import { stubApi, type Route } from '@/testing/test-utils';

import { AppProvider } from './provider';
import { routes } from './router';

type User = Omit<typeof me, 'admin_role'> & { admin_role: string | null };
const superAdmin: User = { ...me, admin_role: 'super' };
const auditor: User = { ...me, admin_role: 'auditor' };
const emptyPage = { items: [], total: 0, page: 1, page_size: 20 };

function renderApp(path: string, user: User, routesOfApi: Record<string, Route> = {}) {
  stubApi({
    '/api/v1/auth/refresh': { body: { ...session('token-1'), user } },
    '/api/v1/me': { body: user },
    '/api/v1/messages': unreadReply(0),
    '/api/v1/admin/users': { body: emptyPage },
    '/api/v1/admin/orgs': { body: emptyPage },
    '/api/v1/admin/audit-log': { body: emptyPage },
    '/api/v1/admin/dictionaries/categories': { body: [] },
    ...routesOfApi,
  });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <AppProvider>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { router, user: userEvent.setup() };
}

describe('admin console routes', () => {
  it('puts every admin page, the review queues too, in the side menu', async () => {
    const { router, user } = renderApp('/admin/users', superAdmin);
    expect(await screen.findByRole('heading', { name: '用户管理' })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: '管理菜单' });
    for (const [name, href] of [
      ['数据看板', '/admin/dashboard'],
      ['审核中心', '/admin'],
      ['课程审核', '/admin/reviews/courses'],
      ['会员审核', '/admin/reviews/members'],
      ['补贴申请审核', '/admin/reviews/subsidies'],
      ['企业管理', '/admin/orgs'],
      ['数据字典', '/admin/dictionaries'],
      ['审计日志', '/admin/audit-log'],
      ['法律文本', '/admin/legal'],
    ] as const) {
      expect(within(nav).getByRole('link', { name })).toHaveAttribute('href', href);
    }
    expect(
      screen.queryByText('您的管理员角色只能查看；修改需要超级管理员。'),
    ).not.toBeInTheDocument();

    await user.click(within(nav).getByRole('link', { name: '审计日志' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/admin/audit-log'));
    expect(await screen.findByRole('heading', { name: '审计日志' })).toBeInTheDocument();
  });

  it('tells operators other than super admins that they only read', async () => {
    renderApp('/admin/dictionaries', auditor);
    expect(await screen.findByRole('heading', { name: '数据字典' })).toBeInTheDocument();
    expect(
      await screen.findByText('您的管理员角色只能查看；修改需要超级管理员。'),
    ).toBeInTheDocument();
  });

  it('keeps the console closed to users who are not operators', async () => {
    renderApp('/admin/dashboard', { ...me });
    expect(await screen.findByText('无权访问')).toBeInTheDocument();
  });
});
