import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { getSession } from '@/lib/session';
import { bodyOf, problemReply, renderWithProviders, stubApi } from '@/testing/test-utils';

import { SmsSignInForm } from './sms-sign-in-form';

const sent = { status: 202, body: { expires_in_secs: 300, resend_after_secs: 60 } };
const session = {
  access_token: 'token-1',
  token_type: 'Bearer',
  expires_in: 900,
  registered: true,
  user: {
    id: 'u1',
    mobile: '13800138000',
    display_name: '138****8000',
    has_password: false,
    admin_role: null,
    created_at: '2026-11-22T08:00:00Z',
  },
};
const termsRequired = problemReply(422, {
  code: 'validation_failed',
  title: '提交的信息有误',
  detail: '有 1 项需要修改。',
  errors: [{ field: 'agree_terms', code: 'terms_required', message: '请阅读并同意平台法律声明' }],
});

function renderForm() {
  const onSignedIn = vi.fn();
  renderWithProviders(<SmsSignInForm onSignedIn={onSignedIn} />);
  return { onSignedIn, user: userEvent.setup() };
}

/** The antd form item (label, control, messages) around a control. */
function formItemOf(element: HTMLElement): HTMLElement {
  const item = element.closest<HTMLElement>('.ant-form-item');
  if (!item) throw new Error('not inside a form item');
  return item;
}

describe('SMS sign-in form', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks for a code and counts down 60 s before another may be asked for', async () => {
    // Only the clock and intervals are fake: antd and the test library still use real timeouts.
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const { requests } = stubApi({ '/api/v1/auth/sms-codes': sent });
    const { user } = renderForm();

    await user.type(screen.getByLabelText('手机号'), '138 0013 8000');
    await user.click(screen.getByRole('button', { name: '获取验证码' }));

    const waiting = await screen.findByRole('button', { name: '60 秒后重新获取' });
    expect(waiting).toBeDisabled();
    expect(await bodyOf(requests[0])).toEqual({ phone: '13800138000', purpose: 'login' });
    expect(await screen.findByText('验证码已发送，5 分钟内有效')).toBeInTheDocument();

    act(() => vi.advanceTimersByTime(59_000));
    expect(screen.getByRole('button', { name: '1 秒后重新获取' })).toBeDisabled();
    act(() => vi.advanceTimersByTime(1_000));
    expect(screen.getByRole('button', { name: '获取验证码' })).toBeEnabled();
  });

  it('checks the phone number before asking for a code', async () => {
    const { requests } = stubApi({ '/api/v1/auth/sms-codes': sent });
    const { user } = renderForm();

    await user.click(screen.getByRole('button', { name: '获取验证码' }));
    expect(await screen.findByText('请输入手机号')).toBeInTheDocument();
    await user.type(screen.getByLabelText('手机号'), '1234');
    await user.click(screen.getByRole('button', { name: '获取验证码' }));

    expect(await screen.findByText('请输入 11 位中国大陆手机号')).toBeInTheDocument();
    expect(requests).toHaveLength(0);
  });

  it('waits as long as the server says after a 429', async () => {
    stubApi({
      '/api/v1/auth/sms-codes': problemReply(
        429,
        { code: 'rate_limited', title: '操作过于频繁，请稍后再试', detail: '请 42 秒后再试。' },
        { 'Retry-After': '42' },
      ),
    });
    const { user } = renderForm();

    await user.type(screen.getByLabelText('手机号'), '13800138000');
    await user.click(screen.getByRole('button', { name: '获取验证码' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('操作过于频繁，请稍后再试');
    expect(alert).toHaveTextContent('请 42 秒后再试。');
    expect(screen.getByRole('button', { name: '42 秒后重新获取' })).toBeDisabled();
  });

  it('shows terms_required on the agreement, and signs in once it is ticked', async () => {
    const { requests } = stubApi({
      '/api/v1/auth/sms-codes': sent,
      '/api/v1/auth/sign-in/sms': [termsRequired, { body: session }],
    });
    const { user, onSignedIn } = renderForm();

    await user.type(screen.getByLabelText('手机号'), '13800138000');
    await user.click(screen.getByRole('button', { name: '获取验证码' }));
    await user.type(screen.getByLabelText('验证码'), '123456');
    await user.click(screen.getByRole('button', { name: /登\s*录/ }));

    const agreement = screen.getByRole('checkbox', { name: /^我已阅读并同意\s*《平台法律声明》$/ });
    expect(
      await within(formItemOf(agreement)).findByText('请阅读并同意平台法律声明'),
    ).toBeInTheDocument();
    expect(screen.queryByText('提交的信息有误')).not.toBeInTheDocument(); // on the field only
    expect(await bodyOf(requests[1])).toEqual({
      phone: '13800138000',
      code: '123456',
      agree_terms: false,
      token_delivery: 'cookie',
    });

    await user.click(agreement);
    await user.click(screen.getByRole('button', { name: /登\s*录/ }));

    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(session));
    expect(await bodyOf(requests[2])).toMatchObject({ agree_terms: true });
    expect(getSession()).toMatchObject({ status: 'signed-in', accessToken: 'token-1' });
  });

  it('shows a wrong code under the code field', async () => {
    stubApi({
      '/api/v1/auth/sign-in/sms': problemReply(422, {
        code: 'validation_failed',
        title: '提交的信息有误',
        errors: [{ field: 'code', code: 'sms_code_invalid', message: '验证码不正确' }],
      }),
    });
    const { user } = renderForm();

    await user.type(screen.getByLabelText('手机号'), '13800138000');
    await user.type(screen.getByLabelText('验证码'), '000000');
    await user.click(screen.getByRole('button', { name: /登\s*录/ }));

    const code = screen.getByLabelText('验证码');
    expect(await within(formItemOf(code)).findByText('验证码不正确')).toBeInTheDocument();
  });

  it('opens the legal statement without ticking the box', async () => {
    stubApi({});
    const { user } = renderForm();

    await user.click(screen.getByRole('button', { name: '《平台法律声明》' }));

    const dialog = await screen.findByRole('dialog', { name: '平台法律声明' });
    expect(dialog).toHaveTextContent('由平台运营方提供');
    expect(screen.getByRole('checkbox', { name: /我已阅读并同意/ })).not.toBeChecked();
  });
});
