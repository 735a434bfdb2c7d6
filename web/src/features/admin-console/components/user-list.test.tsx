import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import { startSession } from '@/lib/session';
import { problemReply, renderWithProviders, stubApi } from '@/testing/test-utils';

import type { UsersFilter } from '../api/get-users';
import { UserList } from './user-list';

const user = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  mobile: '138****5678',
  display_name: `用户 ${id}`,
  status: 'active',
  admin_role: null,
  org_count: 1,
  identities: [],
  created_at: '2026-11-20T08:00:00Z',
  ...overrides,
});
const page = (items: unknown[]) => ({ items, total: items.length, page: 1, page_size: 20 });

function Harness({ canEdit = true }: { canEdit?: boolean }) {
  const [filter, setFilter] = useState<UsersFilter>({ page: 1, page_size: 20 });
  return <UserList filter={filter} onFilterChange={setFilter} canEdit={canEdit} />;
}

describe('UserList', () => {
  it('searches, locks after a confirmation and unlocks', async () => {
    startSession('token-1');
    let locked = false;
    const { requests } = stubApi({
      '/api/v1/admin/users': (request) =>
        new URL(request.url).searchParams.get('q') === '5678'
          ? { body: page([user('u2', { status: locked ? 'locked' : 'active' })]) }
          : { body: page([user('u1', { admin_role: 'super' }), user('u2')]) },
      '/api/v1/admin/users/u2/lock': () => {
        locked = true;
        return { body: user('u2', { status: 'locked' }) };
      },
      '/api/v1/admin/users/u2/unlock': () => {
        locked = false;
        return { body: user('u2') };
      },
    });
    const events = userEvent.setup();
    renderWithProviders(<Harness />);
    expect(await screen.findByText('超级管理员')).toBeInTheDocument();

    await events.type(screen.getByRole('searchbox', { name: '手机号或姓名' }), '5678{Enter}');
    await waitFor(() => expect(new URL(requests.at(-1)!.url).searchParams.get('q')).toBe('5678'));
    await waitFor(() => expect(screen.queryByText('用户 u1')).not.toBeInTheDocument());

    await events.click(screen.getByRole('button', { name: '锁定 用户 u2' }));
    const confirm = await screen.findByRole('tooltip');
    expect(within(confirm).getByText(/所有设备上退出登录/)).toBeInTheDocument();
    await events.click(within(confirm).getByRole('button', { name: /锁\s*定/ }));
    expect(await screen.findByText('已锁定 用户 u2')).toBeInTheDocument();
    expect(requests.some((r) => r.method === 'POST' && r.url.endsWith('/u2/lock'))).toBe(true);

    await events.click(await screen.findByRole('button', { name: '解锁 用户 u2' }));
    expect(await screen.findByText('已解锁 用户 u2')).toBeInTheDocument();
  });

  it('shows cannot_lock_self from the server', async () => {
    startSession('token-1');
    stubApi({
      '/api/v1/admin/users': { body: page([user('u1', { admin_role: 'super' })]) },
      '/api/v1/admin/users/u1/lock': problemReply(409, {
        code: 'cannot_lock_self',
        title: '不能锁定自己的账号',
      }),
    });
    const events = userEvent.setup();
    renderWithProviders(<Harness />);
    await events.click(await screen.findByRole('button', { name: '锁定 用户 u1' }));
    await events.click(
      within(await screen.findByRole('tooltip')).getByRole('button', { name: /锁\s*定/ }),
    );
    expect(await screen.findByText('不能锁定自己的账号')).toBeInTheDocument();
  });

  it('shows linked identities and unbinds one after a confirmation, refreshing the row', async () => {
    startSession('token-1');
    let linked = ['wechat', 'dingtalk'];
    const { requests } = stubApi({
      '/api/v1/admin/users': () => ({ body: page([user('u2', { identities: linked })]) }),
      '/api/v1/admin/users/u2/identities/wechat': (request) => {
        expect(request.method).toBe('DELETE');
        linked = ['dingtalk'];
        return { body: user('u2', { identities: linked }) };
      },
    });
    const events = userEvent.setup();
    renderWithProviders(<Harness />);
    const row = (await screen.findByText('用户 u2')).closest('tr')!;
    expect(within(row).getByText('微信')).toBeInTheDocument();
    expect(within(row).getByText('钉钉')).toBeInTheDocument();

    await events.click(within(row).getByRole('button', { name: '解除 用户 u2 的微信绑定' }));
    const confirm = await screen.findByRole('tooltip');
    expect(within(confirm).getByText('解除 用户 u2 的微信绑定？')).toBeInTheDocument();
    expect(within(confirm).getByText(/可在“账号绑定”中绑定新的微信账号/)).toBeInTheDocument();
    await events.click(within(confirm).getByRole('button', { name: '解除绑定' }));

    expect(await screen.findByText('已解除 用户 u2 的微信绑定')).toBeInTheDocument();
    await waitFor(() => expect(within(row).queryByText('微信')).not.toBeInTheDocument());
    expect(within(row).getByText('钉钉')).toBeInTheDocument();
    expect(
      requests.filter((r) => r.method === 'DELETE').map((r) => new URL(r.url).pathname),
    ).toEqual(['/api/v1/admin/users/u2/identities/wechat']);
  });

  it('shows why the last way to sign in cannot be unbound', async () => {
    startSession('token-1');
    stubApi({
      '/api/v1/admin/users': {
        body: page([user('u3', { mobile: null, identities: ['hainan_gov'] })]),
      },
      '/api/v1/admin/users/u3/identities/hainan_gov': problemReply(409, {
        code: 'last_sign_in_method',
        title: '不能解除最后一种登录方式',
        detail: '该账号没有绑定手机号，也没有其他第三方账号，解除后将无法登录。',
      }),
    });
    const events = userEvent.setup();
    renderWithProviders(<Harness />);
    await events.click(await screen.findByRole('button', { name: '解除 用户 u3 的海易办绑定' }));
    await events.click(
      within(await screen.findByRole('tooltip')).getByRole('button', { name: '解除绑定' }),
    );
    expect(await screen.findByText('不能解除最后一种登录方式')).toBeInTheDocument();
    expect(screen.getByText(/解除后将无法登录/)).toBeInTheDocument();
    expect(screen.getByText('海易办')).toBeInTheDocument();
  });

  it('offers no lock to operators who are not super admins, and says when nothing matches', async () => {
    startSession('token-1');
    stubApi({ '/api/v1/admin/users': { body: page([]) } });
    renderWithProviders(<Harness canEdit={false} />);
    expect(await screen.findByText('没有符合条件的用户')).toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: '操作' })).not.toBeInTheDocument();
  });

  it('shows identities to other operators without the unbind action', async () => {
    startSession('token-1');
    stubApi({
      '/api/v1/admin/users': { body: page([user('u4', { identities: ['oidc', 'wechat'] })]) },
    });
    renderWithProviders(<Harness canEdit={false} />);
    expect(await screen.findByText('统一身份认证')).toBeInTheDocument();
    expect(screen.getByText('微信')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /解除/ })).not.toBeInTheDocument();
  });
});
