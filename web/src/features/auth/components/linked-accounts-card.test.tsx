import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { startSession } from '@/lib/session';
import { ssoProviders } from '@/testing/fixtures';
import { problemReply, renderWithProviders, stubApi, type Route } from '@/testing/test-utils';
import { goToUrl } from '@/utils/go-to-url';

import { LinkedAccountsCard } from './linked-accounts-card';

vi.mock('@/utils/go-to-url', () => ({ goToUrl: vi.fn() }));

const weChat = {
  id: 'li-1',
  provider: 'wechat',
  display_name: '微信测试用户·张三',
  linked_at: '2026-11-22T08:00:00Z',
};

/** GET and DELETE /me/identities over an in-memory list. */
function identitiesEndpoint(initial: unknown[]): Record<string, Route> {
  let identities = [...initial];
  return {
    '/api/v1/me/identities': () => ({ body: identities }),
    '/api/v1/me/identities/wechat': () => {
      identities = [];
      return { status: 204 };
    },
  };
}

function renderCard(routes: Record<string, Route>) {
  startSession('token-1');
  const stub = stubApi({ '/api/v1/auth/sso/providers': { body: ssoProviders }, ...routes });
  renderWithProviders(<LinkedAccountsCard />, { path: '/user-center' });
  return { ...stub, user: userEvent.setup() };
}

describe('linked accounts', () => {
  afterEach(() => {
    vi.mocked(goToUrl).mockReset();
  });

  it('lists each kind of account once, linked or not', async () => {
    renderCard({ '/api/v1/me/identities': { body: [weChat] } });

    const weChatRow = await screen.findByRole('listitem', { name: '微信' });
    expect(within(weChatRow).getByText('已绑定')).toBeInTheDocument();
    expect(
      within(weChatRow).getByText('微信测试用户·张三 · 绑定于 2026年11月22日'),
    ).toBeInTheDocument();
    expect(within(weChatRow).getByRole('button', { name: '解除绑定' })).toBeInTheDocument();

    const dingTalk = screen.getByRole('listitem', { name: '钉钉' });
    expect(within(dingTalk).getByText('未绑定')).toBeInTheDocument();
    expect(within(dingTalk).getByRole('button', { name: /绑\s*定/ })).toBeInTheDocument();
    // QR and in-app WeChat sign in as one identity: one row.
    expect(screen.getAllByRole('listitem').map((item) => item.getAttribute('aria-label'))).toEqual([
      '微信',
      '钉钉',
      '海易办',
    ]);
  });

  it('links with the token, coming back to the user center', async () => {
    const { requests, user } = renderCard({
      '/api/v1/me/identities': { body: [] },
      '/api/v1/auth/sso/wechat/authorize': {
        body: { authorize_url: '/sandbox/wechat/connect/qrconnect?appid=ketang&state=s2' },
      },
    });

    const weChatRow = await screen.findByRole('listitem', { name: '微信' });
    await user.click(within(weChatRow).getByRole('button', { name: /绑\s*定/ }));

    await waitFor(() =>
      expect(goToUrl).toHaveBeenCalledWith(
        'http://localhost:3000/sandbox/wechat/connect/qrconnect?appid=ketang&state=s2',
      ),
    );
    const start = requests.find((r) => r.url.includes('/auth/sso/wechat/authorize'))!;
    expect(new URL(start.url).searchParams.get('next')).toBe('/user-center');
    // With the token, the API links the identity to this account.
    expect(start.headers.get('Authorization')).toBe('Bearer token-1');
  });

  it('asks before unlinking, then unlinks', async () => {
    const { requests, user } = renderCard(identitiesEndpoint([weChat]));

    const weChatRow = await screen.findByRole('listitem', { name: '微信' });
    await user.click(within(weChatRow).getByRole('button', { name: '解除绑定' }));

    const confirm = await screen.findByRole('tooltip');
    expect(confirm).toHaveTextContent('解除微信账号绑定？');
    expect(confirm).toHaveTextContent('解除后，将不能再使用该微信账号登录当前账号。');
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);

    // Cancelling leaves it linked.
    await user.click(within(confirm).getByRole('button', { name: /取\s*消/ }));
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);

    await user.click(within(weChatRow).getByRole('button', { name: '解除绑定' }));
    await user.click(
      within(await screen.findByRole('tooltip')).getByRole('button', { name: '解除绑定' }),
    );

    expect(await screen.findByText('已解除微信账号绑定')).toBeInTheDocument();
    const unlink = requests.find((r) => r.method === 'DELETE')!;
    expect(new URL(unlink.url).pathname).toBe('/api/v1/me/identities/wechat');
    await waitFor(() =>
      expect(
        within(screen.getByRole('listitem', { name: '微信' })).getByText('未绑定'),
      ).toBeInTheDocument(),
    );
  });

  it('shows why the last way to sign in cannot be unlinked', async () => {
    const { user } = renderCard({
      '/api/v1/me/identities': { body: [weChat] },
      '/api/v1/me/identities/wechat': problemReply(409, {
        code: 'last_sign_in_method',
        title: '这是您唯一的登录方式，不能解绑',
      }),
    });

    const weChatRow = await screen.findByRole('listitem', { name: '微信' });
    await user.click(within(weChatRow).getByRole('button', { name: '解除绑定' }));
    await user.click(
      within(await screen.findByRole('tooltip')).getByRole('button', { name: '解除绑定' }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent('这是您唯一的登录方式，不能解绑');
    expect(within(weChatRow).getByText('已绑定')).toBeInTheDocument();
  });
});
