import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';

import { getSession } from '@/lib/session';
import { me, session, ssoProviders, unreadReply } from '@/testing/fixtures';
import { bodyOf, problemReply, stubApi, type Route } from '@/testing/test-utils';
import { goToUrl } from '@/utils/go-to-url';

import { AppProvider } from './provider';
import { routes } from './router';

vi.mock('@/utils/go-to-url', () => ({ goToUrl: vi.fn() }));

// The first render of the whole app under jsdom takes a while.
const slow = { timeout: 5000 };

const noSession = problemReply(401, {
  code: 'refresh_token_invalid',
  title: '登录已失效，请重新登录',
});
const weChat = {
  id: 'li-1',
  provider: 'wechat',
  display_name: '微信测试用户·张三',
  linked_at: '2026-11-22T08:00:00Z',
};

function renderApp(path: string, routesOfApi: Record<string, Route>) {
  const stub = stubApi({
    '/api/v1/auth/refresh': noSession,
    '/api/v1/me': { body: me },
    '/api/v1/messages': unreadReply(0),
    '/api/v1/auth/sso/providers': { body: ssoProviders },
    '/api/v1/me/identities': { body: [weChat] },
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

describe('SSO sign-in', () => {
  it('offers the providers on the login page and keeps next', async () => {
    const { requests, user } = renderApp('/login?next=%2Fuser-center', {
      '/api/v1/auth/sso/wechat/authorize': {
        body: { authorize_url: '/sandbox/wechat/connect/qrconnect?appid=ketang&state=s1' },
      },
    });

    const other = await screen.findByRole('region', { name: '其他登录方式' }, slow);
    await user.click(within(other).getByRole('button', { name: /微信扫码登录/ }));

    await waitFor(() => expect(goToUrl).toHaveBeenCalled());
    const start = requests.find((r) => r.url.includes('/auth/sso/wechat/authorize'))!;
    expect(new URL(start.url).searchParams.get('next')).toBe('/user-center');
    expect(start.headers.get('Authorization')).toBeNull();
  });

  it('says why a sign-in at a provider did not finish', async () => {
    renderApp('/login?sso_error=denied', {});

    const alert = await screen.findByRole('alert', {}, slow);
    expect(alert).toHaveTextContent('第三方登录未完成');
    expect(alert).toHaveTextContent('您已取消授权，未完成登录。');
  });

  it('exchanges the one-time code and goes on to next', async () => {
    const { requests, router } = renderApp('/login/sso?code=c1&next=%2Fuser-center', {
      '/api/v1/auth/sso/exchange': { body: session('token-1') },
    });

    expect(await screen.findByText('账号信息', {}, slow)).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/user-center');
    expect(screen.getByText('登录成功')).toBeInTheDocument();
    const exchanges = requests.filter((r) => r.url.endsWith('/auth/sso/exchange'));
    expect(exchanges).toHaveLength(1); // the code is good once
    expect(await bodyOf(exchanges[0])).toEqual({ code: 'c1', token_delivery: 'cookie' });
    expect(getSession()).toMatchObject({ status: 'signed-in', accessToken: 'token-1' });
    // The linked accounts card of the user center.
    const weChatRow = await screen.findByRole('listitem', { name: '微信' });
    expect(within(weChatRow).getByText('已绑定')).toBeInTheDocument();
  });

  it('shows a used code as the server words it, with a way back', async () => {
    const { router, user } = renderApp('/login/sso?code=used&next=%2F', {
      '/api/v1/auth/sso/exchange': problemReply(401, {
        code: 'sso_code_invalid',
        title: '登录链接已失效，请重新登录',
      }),
    });

    expect(await screen.findByRole('alert', {}, slow)).toHaveTextContent(
      '登录链接已失效，请重新登录',
    );
    expect(getSession().status).toBe('signed-out');
    await user.click(screen.getByRole('button', { name: '返回登录' }));
    expect(router.state.location.pathname).toBe('/login');
  });

  it('completes a first sign-in on the bind-or-create screen', async () => {
    const { router, user } = renderApp('/login/sso?ticket=t1&next=%2Fuser-center&provider=wechat', {
      '/api/v1/auth/sms-codes': {
        status: 202,
        body: { expires_in_secs: 300, resend_after_secs: 60 },
      },
      '/api/v1/auth/sso/complete': { body: { ...session('token-1'), registered: true } },
    });

    await user.type(await screen.findByLabelText('手机号', {}, slow), '13800138000');
    await user.type(screen.getByLabelText('验证码'), '123456');
    await user.click(screen.getByRole('checkbox', { name: /我已阅读并同意/ }));
    await user.click(screen.getByRole('button', { name: '绑定并登录' }));

    expect(await screen.findByText('账号信息', {}, slow)).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/user-center');
    expect(screen.getByText('注册成功，欢迎加入课堂')).toBeInTheDocument();
  });

  it('says so when the address carries neither a code nor a ticket', async () => {
    renderApp('/login/sso', {});
    expect(
      await screen.findByText('登录链接无效，请返回登录页重新登录。', {}, slow),
    ).toBeInTheDocument();
  });
});

describe('linking from the user center', () => {
  it('comes back linked: says so and drops the parameter', async () => {
    const { router } = renderApp('/user-center?linked=wechat', {
      '/api/v1/auth/refresh': { body: session('token-1') },
    });

    expect(await screen.findByText('微信账号绑定成功', {}, slow)).toBeInTheDocument();
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(router.state.location.pathname).toBe('/user-center');
  });

  it('comes back refused: the identity belongs to another account', async () => {
    const { router, user } = renderApp('/user-center?sso_error=identity_bound_elsewhere', {
      '/api/v1/auth/refresh': { body: session('token-1') },
    });

    const alert = await screen.findByRole('alert', {}, slow);
    expect(alert).toHaveTextContent('账号绑定未完成');
    expect(alert).toHaveTextContent('该第三方账号已绑定其他课堂账号，不能绑定到当前账号。');
    await waitFor(() => expect(router.state.location.search).toBe(''));

    await user.click(within(alert).getByRole('button', { name: /close/i }));
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
  });

  it('comes back refused: the account already has an identity at that provider', async () => {
    const { router } = renderApp('/user-center?sso_error=provider_already_linked', {
      '/api/v1/auth/refresh': { body: session('token-1') },
    });

    const alert = await screen.findByRole('alert', {}, slow);
    expect(alert).toHaveTextContent('账号绑定未完成');
    expect(alert).toHaveTextContent(/当前账号已绑定过一个此类第三方账号.*请先解除原绑定/);
    await waitFor(() => expect(router.state.location.search).toBe(''));
  });
});
