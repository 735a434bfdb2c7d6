import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { getSession } from '@/lib/session';
import { legalDocument, termsReplies } from '@/testing/fixtures';
import {
  bodyOf,
  problemReply,
  renderWithProviders,
  stubApi,
  type Route,
} from '@/testing/test-utils';

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

/** The API with the current texts (version 1 of each) beside `routes`; what was POSTed where. */
function stubWithTexts(routes: Record<string, Route>) {
  const { requests } = stubApi({ ...termsReplies(), ...routes });
  const posts = (path: string) =>
    requests.filter((r) => r.method === 'POST' && new URL(r.url).pathname === path);
  return { requests, posts };
}

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
    const { posts } = stubWithTexts({ '/api/v1/auth/sms-codes': sent });
    const { user } = renderForm();

    await user.type(screen.getByLabelText('手机号'), '138 0013 8000');
    await user.click(screen.getByRole('button', { name: '获取验证码' }));

    const waiting = await screen.findByRole('button', { name: '60 秒后重新获取' });
    expect(waiting).toBeDisabled();
    expect(await bodyOf(posts('/api/v1/auth/sms-codes')[0])).toEqual({
      phone: '13800138000',
      purpose: 'login',
    });
    expect(await screen.findByText('验证码已发送，5 分钟内有效')).toBeInTheDocument();

    act(() => vi.advanceTimersByTime(59_000));
    expect(screen.getByRole('button', { name: '1 秒后重新获取' })).toBeDisabled();
    act(() => vi.advanceTimersByTime(1_000));
    expect(screen.getByRole('button', { name: '获取验证码' })).toBeEnabled();
  });

  it('checks the phone number before asking for a code', async () => {
    const { posts } = stubWithTexts({ '/api/v1/auth/sms-codes': sent });
    const { user } = renderForm();

    await user.click(screen.getByRole('button', { name: '获取验证码' }));
    expect(await screen.findByText('请输入手机号')).toBeInTheDocument();
    await user.type(screen.getByLabelText('手机号'), '1234');
    await user.click(screen.getByRole('button', { name: '获取验证码' }));

    expect(await screen.findByText('请输入 11 位中国大陆手机号')).toBeInTheDocument();
    expect(posts('/api/v1/auth/sms-codes')).toHaveLength(0);
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

  it('shows terms_required on the agreement, and signs in once it is ticked, naming the versions shown', async () => {
    const { posts } = stubWithTexts({
      '/api/v1/auth/sms-codes': sent,
      '/api/v1/auth/sign-in/sms': [termsRequired, { body: session }],
    });
    const { user, onSignedIn } = renderForm();

    await user.type(screen.getByLabelText('手机号'), '13800138000');
    await user.click(screen.getByRole('button', { name: '获取验证码' }));
    await user.type(screen.getByLabelText('验证码'), '123456');
    await user.click(screen.getByRole('button', { name: /登\s*录/ }));

    const agreement = screen.getByRole('checkbox', {
      name: /^我已阅读并同意\s*《平台法律声明》\s*和\s*《隐私政策》$/,
    });
    expect(
      await within(formItemOf(agreement)).findByText('请阅读并同意平台法律声明'),
    ).toBeInTheDocument();
    expect(screen.queryByText('提交的信息有误')).not.toBeInTheDocument(); // on the field only
    expect(await bodyOf(posts('/api/v1/auth/sign-in/sms')[0])).toEqual({
      phone: '13800138000',
      code: '123456',
      agree_terms: false,
      terms_version: 1,
      privacy_version: 1,
      token_delivery: 'cookie',
    });

    await user.click(agreement);
    await user.click(screen.getByRole('button', { name: /登\s*录/ }));

    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(session));
    expect(await bodyOf(posts('/api/v1/auth/sign-in/sms')[1])).toMatchObject({
      agree_terms: true,
      terms_version: 1,
      privacy_version: 1,
    });
    expect(getSession()).toMatchObject({ status: 'signed-in', accessToken: 'token-1' });
  });

  it('shows a text published meanwhile, unticks the box and sends the new version once ticked again', async () => {
    const outdated = problemReply(409, {
      code: 'legal_version_outdated',
      title: '条款已更新，请阅读最新版本后再同意',
    });
    const { requests, posts } = stubWithTexts({
      // The form loaded version 1 of the privacy policy; version 2 came out before the submit.
      '/api/v1/legal/privacy': [
        { body: legalDocument('privacy', 1) },
        {
          body: legalDocument('privacy', 2, {
            body: '## 第二版\n\n新增了对人脸信息的说明。',
          }),
        },
      ],
      '/api/v1/auth/sign-in/sms': [outdated, { body: session }],
    });
    const { user, onSignedIn } = renderForm();
    await vi.waitFor(() =>
      expect(requests.some((r) => r.url.endsWith('/api/v1/legal/privacy'))).toBe(true),
    );

    await user.type(screen.getByLabelText('手机号'), '13800138000');
    await user.type(screen.getByLabelText('验证码'), '123456');
    const agreement = screen.getByRole('checkbox', { name: /我已阅读并同意/ });
    await user.click(agreement);
    await user.click(screen.getByRole('button', { name: /登\s*录/ }));

    // The new text opens, with why; the box is unticked, the server's words under it.
    const dialog = await screen.findByRole('dialog', { name: '隐私政策' });
    expect(await within(dialog).findByText('新增了对人脸信息的说明。')).toBeInTheDocument();
    expect(within(dialog).getByText(/第 2 版/)).toBeInTheDocument();
    expect(within(dialog).getByRole('alert')).toHaveTextContent('条款已更新');
    expect(agreement).not.toBeChecked();
    expect(within(formItemOf(agreement)).getByText('条款已更新，请阅读最新版本后再同意'));
    expect(await bodyOf(posts('/api/v1/auth/sign-in/sms')[0])).toMatchObject({
      agree_terms: true,
      terms_version: 1,
      privacy_version: 1,
    });

    await user.click(within(dialog).getByRole('button', { name: /关\s*闭/ }));
    await user.click(agreement);
    await user.click(screen.getByRole('button', { name: /登\s*录/ }));

    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(session));
    expect(await bodyOf(posts('/api/v1/auth/sign-in/sms')[1])).toMatchObject({
      code: '123456', // the code was not spent: the same one again
      agree_terms: true,
      terms_version: 1,
      privacy_version: 2,
    });
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

  it('opens the real texts from the API without ticking the box', async () => {
    stubWithTexts({});
    const { user } = renderForm();

    await user.click(screen.getByRole('button', { name: '《平台法律声明》' }));
    const statement = await screen.findByRole('dialog', { name: '平台法律声明' });
    expect(await within(statement).findByText(/依据中华人民共和国法律订立/)).toBeInTheDocument();
    // Markdown: a heading and a list; HTML in the text is not rendered.
    expect(within(statement).getByRole('heading', { name: '一、总则' })).toBeInTheDocument();
    expect(within(statement).getAllByRole('listitem')).toHaveLength(3);
    expect(statement.querySelector('b')).toBeNull();
    expect(screen.getByRole('checkbox', { name: /我已阅读并同意/ })).not.toBeChecked();
    await user.click(within(statement).getByRole('button', { name: /关\s*闭/ }));

    await user.click(screen.getByRole('button', { name: '《隐私政策》' }));
    const privacy = await screen.findByRole('dialog', { name: '隐私政策' });
    expect(await within(privacy).findByText(/本隐私政策依据/)).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: /我已阅读并同意/ })).not.toBeChecked();
  });
});
