import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { describe, expect, it } from 'vitest';

import { getSession } from '@/lib/session';
import { bodyOf, problemReply, stubApi, type Reply } from '@/testing/test-utils';
import { setViewportWidth } from '@/testing/viewport';

import { AppProvider } from './provider';
import { routes } from './router';

const me = {
  id: 'u1',
  mobile: '13800138000',
  display_name: '138****8000',
  has_password: true,
  admin_role: null,
  created_at: '2026-11-22T08:00:00Z',
};
const session = (accessToken: string, user = me) => ({
  access_token: accessToken,
  token_type: 'Bearer',
  expires_in: 900,
  registered: false,
  user,
});
const noSession = problemReply(401, {
  code: 'refresh_token_invalid',
  title: '登录已失效，请重新登录',
});
const meFor =
  (token: string, user = me) =>
  (request: Request): Reply =>
    request.headers.get('Authorization') === `Bearer ${token}`
      ? { body: user }
      : problemReply(401, { code: 'token_invalid', title: '登录凭证无效，请重新登录' });
const categories = { body: { items: [], total: 0, page: 1, page_size: 100 } };

/** Types a whole value at once (replacing what was there): long forms stay fast. */
async function fill(user: ReturnType<typeof userEvent.setup>, field: HTMLElement, text: string) {
  await user.clear(field);
  await user.click(field);
  await user.paste(text);
}

function renderApp(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <AppProvider>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { router, user: userEvent.setup() };
}

describe('signing in', () => {
  it('sends a signed-out visitor of the user center to the login page and back', async () => {
    const { requests } = stubApi({
      '/api/v1/auth/refresh': noSession,
      '/api/v1/auth/sign-in/password': { body: session('token-1') },
      '/api/v1/me': meFor('token-1'),
    });
    const { router, user } = renderApp('/user-center');

    await screen.findByRole('tab', { name: '密码登录' });
    expect(router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toBe('?next=%2Fuser-center');

    await user.click(screen.getByRole('tab', { name: '密码登录' }));
    const form = screen.getByRole('tabpanel', { name: '密码登录' });
    await user.type(within(form).getByLabelText('手机号'), '13800138000');
    await user.type(within(form).getByLabelText('密码'), 'Ketang#2026');
    await user.click(within(form).getByRole('button', { name: /登\s*录/ }));

    expect(await screen.findByText('账号信息')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/user-center');
    const signIn = requests.find((r) => r.url.endsWith('/auth/sign-in/password'));
    expect(await bodyOf(signIn)).toEqual({
      phone: '13800138000',
      password: 'Ketang#2026',
      token_delivery: 'cookie',
    });
    expect(screen.getByRole('button', { name: /138\*{4}8000/ })).toBeInTheDocument();
  });

  it('keeps a reloaded page signed in through the refresh cookie', async () => {
    stubApi({
      '/api/v1/auth/refresh': { body: session('restored') },
      '/api/v1/me': meFor('restored'),
    });
    const { router } = renderApp('/user-center');

    expect(await screen.findByText('账号信息')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/user-center');
    expect(screen.getByText('13800138000')).toBeInTheDocument();
    expect(screen.getByText('2026年11月22日')).toBeInTheDocument();
  });

  it('ignores a next that leads off this site', async () => {
    stubApi({
      '/api/v1/auth/refresh': noSession,
      '/api/v1/auth/sign-in/password': { body: session('token-1') },
      '/api/v1/me': meFor('token-1'),
      '/api/v1/categories': categories,
    });
    const { router, user } = renderApp('/login?next=//evil.example/phish');

    await user.click(await screen.findByRole('tab', { name: '密码登录' }));
    const form = screen.getByRole('tabpanel', { name: '密码登录' });
    await user.type(within(form).getByLabelText('手机号'), '13800138000');
    await user.type(within(form).getByLabelText('密码'), 'Ketang#2026');
    await user.click(within(form).getByRole('button', { name: /登\s*录/ }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
  });

  it('shows a wrong password as the server words it', async () => {
    stubApi({
      '/api/v1/auth/refresh': noSession,
      '/api/v1/auth/sign-in/password': problemReply(401, {
        code: 'invalid_credentials',
        title: '手机号或密码不正确',
      }),
    });
    const { user } = renderApp('/login');

    await user.click(await screen.findByRole('tab', { name: '密码登录' }));
    const form = screen.getByRole('tabpanel', { name: '密码登录' });
    await user.type(within(form).getByLabelText('手机号'), '13800138000');
    await user.type(within(form).getByLabelText('密码'), 'wrong');
    await user.click(within(form).getByRole('button', { name: /登\s*录/ }));

    expect(await within(form).findByText('手机号或密码不正确')).toBeInTheDocument();
    expect(getSession().status).toBe('signed-out');
  });
});

describe('resetting a forgotten password', () => {
  it('sends a reset code, shows the password rule the server applies, then goes to sign-in', async () => {
    const { requests } = stubApi({
      '/api/v1/auth/refresh': noSession,
      '/api/v1/auth/sms-codes': {
        status: 202,
        body: { expires_in_secs: 300, resend_after_secs: 60 },
      },
      '/api/v1/auth/password-reset': [
        problemReply(422, {
          code: 'validation_failed',
          title: '提交的信息有误',
          errors: [
            {
              field: 'new_password',
              code: 'password_composition',
              message: '密码须同时包含字母、数字和特殊字符',
            },
          ],
        }),
        { status: 204 },
      ],
    });
    const { router, user } = renderApp('/login');

    await user.click(await screen.findByRole('tab', { name: '密码登录' }));
    await user.click(screen.getByRole('link', { name: '忘记密码' }));
    await fill(user, await screen.findByLabelText('手机号'), '13800138000');
    await user.click(screen.getByRole('button', { name: '获取验证码' }));
    await fill(user, screen.getByLabelText('验证码'), '654321');
    await fill(user, screen.getByLabelText('新密码'), 'password');
    await fill(user, screen.getByLabelText('确认新密码'), 'password');
    await user.click(screen.getByRole('button', { name: '重置密码' }));

    expect(await screen.findByText('密码须同时包含字母、数字和特殊字符')).toBeInTheDocument();
    expect(await bodyOf(requests.find((r) => r.url.endsWith('/sms-codes')))).toEqual({
      phone: '13800138000',
      purpose: 'reset',
    });

    await fill(user, screen.getByLabelText('新密码'), 'Ketang#2026');
    await fill(user, screen.getByLabelText('确认新密码'), 'Ketang#2026');
    await user.click(screen.getByRole('button', { name: '重置密码' }));

    expect(await screen.findByText('密码已重置，请使用新密码登录')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(screen.getByRole('tab', { name: '密码登录' })).toHaveAttribute('aria-selected', 'true');
    const form = screen.getByRole('tabpanel', { name: '密码登录' });
    expect(within(form).getByLabelText('手机号')).toHaveValue('13800138000');
    expect(await bodyOf(requests.filter((r) => r.url.endsWith('/password-reset'))[1])).toEqual({
      phone: '13800138000',
      code: '654321',
      new_password: 'Ketang#2026',
    });
  });
});

describe('the header', () => {
  it('offers 登录 when signed out, and signs out from the account menu', async () => {
    stubApi({
      '/api/v1/auth/refresh': [{ body: session('token-1') }, noSession],
      '/api/v1/me': meFor('token-1'),
      '/api/v1/auth/sign-out': { status: 204 },
      '/api/v1/categories': categories,
    });
    const { router, user } = renderApp('/user-center');

    await user.click(await screen.findByRole('button', { name: /138\*{4}8000/ }));
    const menu = await screen.findByRole('menu', { name: '账号菜单' });
    expect(within(menu).getByRole('menuitem', { name: /用户中心/ })).toBeInTheDocument();
    await user.click(within(menu).getByRole('menuitem', { name: /退出登录/ }));

    expect(await screen.findByRole('button', { name: /登\s*录/ })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/');
    expect(getSession()).toEqual({ status: 'signed-out', accessToken: null });
  });

  it('shows the account in the drawer at 375 px', async () => {
    setViewportWidth(375);
    stubApi({
      '/api/v1/auth/refresh': { body: session('token-1') },
      '/api/v1/me': meFor('token-1'),
      '/api/v1/auth/sign-out': { status: 204 },
      '/api/v1/categories': categories,
    });
    const { user } = renderApp('/');

    await user.click(screen.getByRole('button', { name: '菜单' }));
    const drawer = await screen.findByRole('dialog');
    expect(await within(drawer).findByText('138****8000')).toBeInTheDocument();
    await user.click(within(drawer).getByRole('button', { name: /退出登录/ }));

    await user.click(screen.getByRole('button', { name: '菜单' }));
    expect(await within(drawer).findByRole('button', { name: /登\s*录/ })).toBeInTheDocument();
  });
});

describe('the user center', () => {
  it('asks for the current password only when one is set', async () => {
    let account = { ...me, has_password: false };
    const { requests } = stubApi({
      '/api/v1/auth/refresh': { body: session('token-1', account) },
      '/api/v1/me': (request) => meFor('token-1', account)(request),
      '/api/v1/me/password': () => {
        account = { ...account, has_password: true };
        return { status: 204 };
      },
    });
    const { user } = renderApp('/user-center');

    expect(await screen.findByText('设置登录密码')).toBeInTheDocument();
    expect(screen.queryByLabelText('当前密码')).not.toBeInTheDocument();
    await user.type(screen.getByLabelText('新密码'), 'Ketang#2026');
    await user.type(screen.getByLabelText('确认新密码'), 'Ketang#2027');
    await user.click(screen.getByRole('button', { name: '保存密码' }));
    expect(await screen.findByText('两次输入的密码不一致')).toBeInTheDocument();

    await user.clear(screen.getByLabelText('确认新密码'));
    await user.type(screen.getByLabelText('确认新密码'), 'Ketang#2026');
    await user.click(screen.getByRole('button', { name: '保存密码' }));

    expect(await screen.findByText('修改登录密码')).toBeInTheDocument();
    expect(screen.getByLabelText('当前密码')).toBeInTheDocument();
    const change = requests.find((r) => r.url.endsWith('/me/password'));
    expect(await bodyOf(change)).toEqual({ new_password: 'Ketang#2026' });
  });

  it('shows a wrong current password on its field', async () => {
    stubApi({
      '/api/v1/auth/refresh': { body: session('token-1') },
      '/api/v1/me': meFor('token-1'),
      '/api/v1/me/password': problemReply(422, {
        code: 'validation_failed',
        title: '提交的信息有误',
        errors: [{ field: 'current_password', code: 'wrong_password', message: '当前密码不正确' }],
      }),
    });
    const { user } = renderApp('/user-center');

    await user.type(await screen.findByLabelText('当前密码'), 'nope');
    await user.type(screen.getByLabelText('新密码'), 'Ketang#2026');
    await user.type(screen.getByLabelText('确认新密码'), 'Ketang#2026');
    await user.click(screen.getByRole('button', { name: '保存密码' }));

    expect(await screen.findByText('当前密码不正确')).toBeInTheDocument();
  });
});
