import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { describe, expect, it } from 'vitest';

import {
  certifiedOrg,
  lecturers,
  provider,
  providerEnums,
  summary,
} from '@/features/providers/test-fixtures';
import { me, session, unreadReply } from '@/testing/fixtures';
import { problemReply, stubApi, type Route } from '@/testing/test-utils';

import { AppProvider } from './provider';
import { routes } from './router';

const otherOrg = { ...certifiedOrg, id: 'o2', name: '三亚示例跨境电商有限公司' };

type User = Omit<typeof me, 'admin_role'> & { admin_role: string | null };

function renderApp(path: string, routesOfApi: Record<string, Route> = {}, user: User = me) {
  const stub = stubApi({
    '/api/v1/auth/refresh': { body: { ...session('token-1'), user } },
    '/api/v1/me': { body: user },
    '/api/v1/messages': unreadReply(0),
    '/api/v1/meta/enums': { body: providerEnums },
    '/api/v1/me/identities': { body: [] },
    '/api/v1/auth/sso/providers': { body: [] },
    '/api/v1/orgs': { body: [certifiedOrg, otherOrg] },
    '/api/v1/orgs/o1/provider': { body: provider({ status: 'approved' }) },
    '/api/v1/orgs/o2/provider': problemReply(404, { code: 'not_found', title: '不存在' }),
    ...routesOfApi,
  });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <AppProvider>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...stub, router, user: userEvent.setup() };
}

describe('provider console routes', () => {
  it('shows each org’s provider state in the user center, with the way on', async () => {
    renderApp('/user-center');
    const card = (await screen.findByText('服务商信息')).closest('.ant-card') as HTMLElement;
    expect(await within(card).findByRole('link', { name: /进入服务商后台/ })).toHaveAttribute(
      'href',
      '/provider-console/o1',
    );
    expect(await within(card).findByRole('link', { name: /申请成为服务商/ })).toHaveAttribute(
      'href',
      '/provider?org=o2',
    );
  });

  it('opens the console on the course list and moves between its sections', async () => {
    const { router, user } = renderApp('/provider-console/o1', {
      '/api/v1/orgs/o1/courses': {
        body: { items: [summary(1, { title: '跨境电商入门' })], total: 1, page: 1, page_size: 10 },
      },
      '/api/v1/orgs/o1/lecturers': { body: lecturers },
    });
    expect(await screen.findByRole('heading', { name: '服务商后台' })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: '跨境电商入门' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/provider-console/o1/courses');

    await user.click(screen.getByRole('tab', { name: '讲师管理' }));
    expect(await screen.findByText('陈静')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/provider-console/o1/lecturers');
  });

  it('keeps the console closed until the provider is approved', async () => {
    renderApp('/provider-console/o2');
    expect(await screen.findByText('尚未成为服务商')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /查看服务商申请/ })).toHaveAttribute(
      'href',
      '/provider?org=o2',
    );
  });

  it('applies from /provider for the org in the address', async () => {
    renderApp('/provider?org=o2');
    expect(await screen.findByText(/仅可升级为一种服务商/)).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: '服务商名称' })).toHaveValue(otherOrg.name);
    expect(screen.getByText('点击或拖拽服务商 Logo到此处上传')).toBeInTheDocument();
  });
});

describe('administration', () => {
  const operator = { ...me, admin_role: 'super' };

  it('puts 管理后台 in an operator’s account menu, leading to the review inbox', async () => {
    const { router, user } = renderApp(
      '/',
      {
        '/api/v1/categories': { body: { items: [], total: 0, page: 1, page_size: 100 } },
        '/api/v1/admin/reviews/counts': {
          body: {
            providers: 1,
            courses: 2,
            subsidies: 0,
            members: 0,
            offline_payments: 0,
            held_payments: 0,
          },
        },
      },
      operator,
    );
    await user.click(await screen.findByRole('button', { name: /\*{4}/ }));
    const entry = await screen.findByRole('menuitem', { name: /管理后台/ });
    await user.click(within(entry).getByRole('link'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/admin'));
    expect(await screen.findByRole('link', { name: '课程审核：2 项待审核' })).toBeInTheDocument();
  });

  it('tells other users the area is for operators only', async () => {
    const { user } = renderApp('/admin');
    expect(await screen.findByText('无权访问')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /\*{4}/ }));
    const menu = await screen.findByRole('menu', { name: '账号菜单' });
    expect(within(menu).queryByText('管理后台')).not.toBeInTheDocument();
  });
});
