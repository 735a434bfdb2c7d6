import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { describe, expect, it } from 'vitest';

import { enums, me, session } from '@/testing/fixtures';
import { problemReply, stubApi, type Reply } from '@/testing/test-utils';
import { setViewportWidth } from '@/testing/viewport';

import { AppProvider } from './provider';
import { routes } from './router';

const approvedProvider = {
  id: 'p1',
  org_id: 'o1',
  kind: 'cloud_classroom',
  name: '海南椰风贸易有限公司',
  org_name: '海南椰风贸易有限公司',
  legal_representative: '李四',
  address: '海口市美兰区海甸五西路 1 号',
  contact_phone: '0898-66000000',
  intro: '跨境电商培训。',
  status: 'approved',
  submitted_at: '2026-11-21T08:00:00Z',
};
const org = (id: string, name: string, certification: string, my_role = 'owner') => ({
  id,
  name,
  uscc: null,
  legal_representative: '李四',
  address: '海口市',
  contact_phone: '0898-66000000',
  certification,
  my_role,
  created_at: '2026-11-20T08:00:00Z',
});
const notFound = problemReply(404, { code: 'not_found', title: '未找到' });
const messages = (request: Request): Reply => ({
  body: {
    items: [
      {
        id: 'm1',
        kind: 'provider.approved',
        title: '服务商申请已通过',
        body: '您已是云课堂服务商。',
        created_at: '2026-11-22T08:00:00Z',
        read: false,
      },
    ].slice(0, Number(new URL(request.url).searchParams.get('page_size'))),
    total: 1,
    page: 1,
    page_size: 3,
    unread: 1,
  },
});

function renderApp(path: string) {
  stubApi({
    '/api/v1/auth/refresh': { body: session('token-1') },
    '/api/v1/me': { body: me },
    '/api/v1/enums': { body: enums },
    '/api/v1/messages': messages,
    '/api/v1/orgs': {
      body: [
        org('o1', '海南椰风贸易有限公司', 'certified'),
        org('o2', '三亚新建公司', 'uncertified'),
      ],
    },
    '/api/v1/orgs/o1/provider': { body: approvedProvider },
    '/api/v1/orgs/o2/provider': notFound,
    '/api/v1/orgs/o1/membership': notFound,
    '/api/v1/orgs/o2/membership': notFound,
    '/api/v1/me/identities': { body: [] },
    '/api/v1/auth/sso/providers': { body: [] },
    '/api/v1/my/learning-records': { body: [] },
  });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <AppProvider>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { router, user: userEvent.setup() };
}

describe('finding one’s way (issue 21 item 5)', () => {
  it('puts 服务商后台 in the account menu once the org is an approved provider', async () => {
    const { router, user } = renderApp('/');

    await user.click(await screen.findByRole('button', { name: /138\*{4}8000/ }));
    const menu = await screen.findByRole('menu', { name: '账号菜单' });
    const console = await within(menu).findByRole('link', { name: /服务商后台/ });
    // Two orgs, one of them a provider: the link says which.
    expect(console).toHaveTextContent('服务商后台 · 海南椰风贸易有限公司');
    await user.click(console);
    // The console opens on its courses.
    expect(router.state.location.pathname).toBe('/provider-console/o1/courses');
  });

  it('puts it in the phone drawer too', async () => {
    setViewportWidth(375);
    const { user } = renderApp('/');
    await user.click(screen.getByRole('button', { name: '菜单' }));
    const drawer = await screen.findByRole('dialog');
    expect(await within(drawer).findByRole('link', { name: /服务商后台/ })).toHaveAttribute(
      'href',
      '/provider-console/o1',
    );
  });

  it('shows the enterprises and the newest messages in the user center', async () => {
    renderApp('/user-center');

    const orgs = (
      await screen.findByText('企业信息', { selector: '.ant-card-head-title' })
    ).closest('.ant-card') as HTMLElement;
    expect(await within(orgs).findByText('海南椰风贸易有限公司')).toBeInTheDocument();
    expect(within(orgs).getByText('三亚新建公司')).toBeInTheDocument();
    // Only the uncertified one offers the way to 海易办.
    expect(within(orgs).getAllByRole('button', { name: '前往海易办认证' })).toHaveLength(1);

    const inbox = screen
      .getByText('消息中心', { selector: '.ant-card-head-title' })
      .closest('.ant-card') as HTMLElement;
    expect(await within(inbox).findByText('服务商申请已通过')).toBeInTheDocument();
    expect(within(inbox).getByText('共 1 条，1 条未读')).toBeInTheDocument();
    expect(within(inbox).getByRole('link', { name: '进入消息中心' })).toHaveAttribute(
      'href',
      '/messages',
    );
  });
});
