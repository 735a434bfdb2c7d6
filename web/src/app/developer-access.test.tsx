import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { describe, expect, it } from 'vitest';

import { enums, me, session, unreadReply } from '@/testing/fixtures';
import { problemReply, stubApi, type Route } from '@/testing/test-utils';

import { AppProvider } from './provider';
import { routes } from './router';

const org = (id: string, name: string, my_role: string) => ({
  id,
  name,
  uscc: '91460200MA5RCN2P6M',
  legal_representative: '李四',
  address: '',
  contact_phone: '',
  certification: 'uncertified',
  created_at: '2026-11-20T08:00:00Z',
  my_role,
});
const staffOrg = org('o1', '三亚示例跨境电商有限公司', 'staff');
const ownedOrg = org('o2', '椰风测试贸易', 'owner');

// The first render of the whole app under jsdom takes a while.
const slow = { timeout: 8000 };

function renderApp(path: string, routesOfApi: Record<string, Route>, signedIn = true) {
  const stub = stubApi({
    '/api/v1/auth/refresh': signedIn
      ? { body: session('token-1') }
      : problemReply(401, { code: 'unauthorized', title: '请先登录' }),
    '/api/v1/me': { body: me },
    '/api/v1/meta/enums': { body: enums },
    '/api/v1/messages': unreadReply(0),
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

describe('developer access page', () => {
  it('opens on the org the user owns, with its keys and its webhooks', async () => {
    const { router, user } = renderApp('/developer-access', {
      '/api/v1/orgs': { body: [staffOrg, ownedOrg] },
      '/api/v1/orgs/o2/api-clients': { body: [] },
      '/api/v1/orgs/o2/webhooks': { body: [] },
    });

    expect(await screen.findByText('还没有 API 密钥或 OAuth 客户端', {}, slow)).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: '选择企业' })).toBeInTheDocument();
    expect(screen.getByText('椰风测试贸易')).toBeInTheDocument();

    await user.click(screen.getByRole('tab', { name: 'Webhook' }));
    expect(await screen.findByText('还没有 Webhook 端点')).toBeInTheDocument();
    expect(router.state.location.search).toBe('?org=o2&tab=webhooks');
  });

  it('tells a member who is not the owner why there is nothing to manage', async () => {
    renderApp('/developer-access?org=o1', { '/api/v1/orgs': { body: [staffOrg, ownedOrg] } });

    expect(await screen.findByText('仅企业所有者可以管理开发者接入', {}, slow)).toBeInTheDocument();
    expect(screen.getByText(/您在“三亚示例跨境电商有限公司”的角色是员工/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /新建凭证/ })).not.toBeInTheDocument();
  });

  it('sends a user without an org to the enterprise page', async () => {
    renderApp('/developer-access', { '/api/v1/orgs': { body: [] } });

    expect(await screen.findByText('您还没有加入任何企业', {}, slow)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '前往企业信息' })).toHaveAttribute(
      'href',
      '/enterprise',
    );
  });
});

describe('developer guide', () => {
  it('is public and covers authentication, errors and webhook signatures', async () => {
    renderApp('/developers', {}, false);

    expect(
      await screen.findByRole('heading', { name: '开发者文档', level: 1 }, slow),
    ).toBeVisible();
    for (const title of ['2. 认证', '3. 权限范围与企业隔离', '6. 错误', '8. Webhook']) {
      expect(screen.getByRole('heading', { name: title })).toBeInTheDocument();
    }
    const webhooks = screen.getByRole('heading', { name: '8. Webhook' }).closest('section')!;
    expect(within(webhooks).getAllByText('webhook-signature').length).toBeGreaterThan(0);
    expect(within(webhooks).getByText(/createHmac\('sha256', key\)/)).toBeInTheDocument();
    expect(within(webhooks).getByText(/Webhook\(secret\)\.verify/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '交互式接口文档' })).toHaveAttribute('href', '/docs/');
  });
});
