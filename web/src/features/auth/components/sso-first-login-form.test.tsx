import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { getSession } from '@/lib/session';
import { legalDocument, session, termsReplies } from '@/testing/fixtures';
import {
  bodyOf,
  problemReply,
  renderWithProviders,
  stubApi,
  type Route,
} from '@/testing/test-utils';

import { SsoFirstLoginForm } from './sso-first-login-form';

const sent = { status: 202, body: { expires_in_secs: 300, resend_after_secs: 60 } };
const registered = { body: { ...session('token-1'), registered: true } };

/** The API with the current texts (version 1 of each) beside `routes`; what was POSTed where. */
function stubWithTexts(routes: Record<string, Route>) {
  const { requests } = stubApi({ ...termsReplies(), ...routes });
  const posts = (path: string) =>
    requests.filter((r) => r.method === 'POST' && new URL(r.url).pathname === path);
  return { requests, posts };
}

function renderForm(provider: string) {
  const onSignedIn = vi.fn();
  const rendered = renderWithProviders(
    <SsoFirstLoginForm ticket="ticket-1" provider={provider} onSignedIn={onSignedIn} />,
    { path: `/login/sso?ticket=ticket-1&provider=${provider}` },
  );
  return { ...rendered, onSignedIn, user: userEvent.setup() };
}

/** The antd form item (label, control, messages) around a control. */
function formItemOf(element: HTMLElement): HTMLElement {
  const item = element.closest<HTMLElement>('.ant-form-item');
  if (!item) throw new Error('not inside a form item');
  return item;
}

const submit = { name: '绑定并登录' };

describe('first SSO sign-in: bind a phone or create an account', () => {
  it('binds a phone proved by a bind code and signs in', async () => {
    const { posts } = stubWithTexts({
      '/api/v1/auth/sms-codes': sent,
      '/api/v1/auth/sso/complete': registered,
    });
    const { user, onSignedIn } = renderForm('wechat');

    expect(screen.getByText(/这是您首次使用微信登录/)).toBeInTheDocument();
    await user.type(screen.getByLabelText('手机号'), '13800138000');
    await user.click(screen.getByRole('button', { name: '获取验证码' }));
    await screen.findByRole('button', { name: '60 秒后重新获取' });
    expect(await bodyOf(posts('/api/v1/auth/sms-codes')[0])).toEqual({
      phone: '13800138000',
      purpose: 'bind',
    });

    await user.type(screen.getByLabelText('验证码'), '123456');
    await user.click(screen.getByRole('checkbox', { name: /我已阅读并同意/ }));
    await user.click(screen.getByRole('button', submit));

    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalled());
    expect(onSignedIn.mock.calls[0]![0]).toMatchObject({ registered: true });
    const completed = posts('/api/v1/auth/sso/complete')[0];
    expect(await bodyOf(completed)).toEqual({
      ticket: 'ticket-1',
      phone: '13800138000',
      code: '123456',
      agree_terms: true,
      terms_version: 1,
      privacy_version: 1,
      token_delivery: 'cookie',
    });
    expect(completed!.headers.get('Authorization')).toBeNull();
    expect(getSession()).toMatchObject({ status: 'signed-in', accessToken: 'token-1' });
  });

  it('requires a phone for WeChat: no way to create an account without one', async () => {
    const { posts } = stubWithTexts({});
    const { user } = renderForm('wechat');

    expect(screen.getByText(/使用微信登录须绑定手机号/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /不绑定手机号/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', submit));

    expect(await screen.findByText('请输入手机号')).toBeInTheDocument();
    expect(posts('/api/v1/auth/sso/complete')).toHaveLength(0);
  });

  it('shows the server’s field errors next to their fields', async () => {
    stubApi({
      '/api/v1/auth/sso/complete': problemReply(422, {
        code: 'validation_failed',
        title: '提交的信息有误',
        errors: [
          { field: 'code', code: 'sms_code_invalid', message: '验证码不正确' },
          { field: 'agree_terms', code: 'terms_required', message: '请阅读并同意平台法律声明' },
        ],
      }),
    });
    const { user } = renderForm('wechat');

    await user.type(screen.getByLabelText('手机号'), '13800138000');
    await user.type(screen.getByLabelText('验证码'), '000000');
    await user.click(screen.getByRole('button', submit));

    const code = screen.getByLabelText('验证码');
    expect(await within(formItemOf(code)).findByText('验证码不正确')).toBeInTheDocument();
    const agreement = screen.getByRole('checkbox', { name: /我已阅读并同意/ });
    expect(within(formItemOf(agreement)).getByText('请阅读并同意平台法律声明')).toBeInTheDocument();
    expect(screen.queryByText('提交的信息有误')).not.toBeInTheDocument(); // on the fields only
  });

  it('says when the phone’s account already has another identity at the provider', async () => {
    stubApi({
      '/api/v1/auth/sso/complete': problemReply(409, {
        code: 'provider_already_linked',
        title: '该账号已绑定此类第三方账号，请先解绑原账号',
      }),
    });
    const { user } = renderForm('wechat');

    await user.type(screen.getByLabelText('手机号'), '13800138000');
    await user.type(screen.getByLabelText('验证码'), '123456');
    await user.click(screen.getByRole('button', submit));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('该手机号的账号已绑定其他微信账号');
    expect(alert).toHaveTextContent(/请使用原微信账号登录/);
  });

  it('creates an account without a phone for other providers, once the terms are agreed', async () => {
    const { posts } = stubWithTexts({
      '/api/v1/auth/sso/complete': [
        problemReply(422, {
          code: 'validation_failed',
          title: '提交的信息有误',
          errors: [
            { field: 'agree_terms', code: 'terms_required', message: '请阅读并同意平台法律声明' },
          ],
        }),
        registered,
      ],
    });
    const { user, onSignedIn } = renderForm('dingtalk');

    expect(screen.getByText(/这是您首次使用钉钉登录/)).toBeInTheDocument();
    const withoutPhone = screen.getByRole('button', { name: '不绑定手机号，直接创建账号' });
    await user.click(withoutPhone);

    const agreement = screen.getByRole('checkbox', { name: /我已阅读并同意/ });
    expect(
      await within(formItemOf(agreement)).findByText('请阅读并同意平台法律声明'),
    ).toBeInTheDocument();
    expect(screen.queryByText('请输入手机号')).not.toBeInTheDocument();
    expect(await bodyOf(posts('/api/v1/auth/sso/complete')[0])).toEqual({
      ticket: 'ticket-1',
      agree_terms: false,
      terms_version: 1,
      privacy_version: 1,
      token_delivery: 'cookie',
    });

    await user.click(agreement);
    await user.click(withoutPhone);

    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalled());
    expect(await bodyOf(posts('/api/v1/auth/sso/complete')[1])).toEqual({
      ticket: 'ticket-1',
      agree_terms: true,
      terms_version: 1,
      privacy_version: 1,
      token_delivery: 'cookie',
    });
  });

  it('shows a statement published meanwhile and sends its version once ticked again', async () => {
    const { posts } = stubWithTexts({
      '/api/v1/legal/terms': [
        { body: legalDocument('terms', 1) },
        { body: legalDocument('terms', 3, { body: '第三版的新条款。' }) },
      ],
      '/api/v1/auth/sso/complete': [
        problemReply(409, {
          code: 'legal_version_outdated',
          title: '条款已更新，请阅读最新版本后再同意',
        }),
        registered,
      ],
    });
    const { user, onSignedIn } = renderForm('dingtalk');
    const agreement = screen.getByRole('checkbox', { name: /我已阅读并同意/ });
    await user.click(agreement);
    await vi.waitFor(() =>
      expect(screen.getByRole('button', { name: /不绑定手机号/ })).toBeEnabled(),
    );
    await user.click(screen.getByRole('button', { name: /不绑定手机号/ }));

    const dialog = await screen.findByRole('dialog', { name: '平台法律声明' });
    expect(await within(dialog).findByText('第三版的新条款。')).toBeInTheDocument();
    expect(agreement).not.toBeChecked();
    await user.click(within(dialog).getByRole('button', { name: /关\s*闭/ }));
    await user.click(agreement);
    await user.click(screen.getByRole('button', { name: /不绑定手机号/ }));

    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalled());
    expect(await bodyOf(posts('/api/v1/auth/sso/complete')[1])).toMatchObject({
      agree_terms: true,
      terms_version: 3,
      privacy_version: 1,
    });
  });

  it('sends people back to the login page when the ticket is used or expired', async () => {
    stubApi({
      '/api/v1/auth/sso/complete': problemReply(401, {
        code: 'sso_code_invalid',
        title: '登录链接已失效，请重新登录',
      }),
    });
    const { user, router } = renderForm('wechat');

    await user.type(screen.getByLabelText('手机号'), '13800138000');
    await user.type(screen.getByLabelText('验证码'), '123456');
    await user.click(screen.getByRole('button', submit));

    expect(await screen.findByText('本次登录已失效')).toBeInTheDocument();
    expect(screen.queryByLabelText('手机号')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '返回登录' }));
    expect(router.state.location.pathname).toBe('/login');
  });
});
