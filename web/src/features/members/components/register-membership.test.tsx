import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import {
  bodyOf,
  problemReply,
  renderWithProviders,
  stubApi,
  type Route,
} from '@/testing/test-utils';

import { userTypes } from '../testing/fixtures';
import { RegisterMembership } from './register-membership';

const codeSent = { status: 202, body: { expires_in_secs: 300, resend_after_secs: 60 } };
const pending = { status: 201, body: { status: 'pending', reject_reason: null } };

function renderForm(register: Route, smsCodes: Route = codeSent) {
  const stub = stubApi({
    '/api/v1/member-user-types': { body: userTypes },
    '/api/v1/auth/sms-codes': smsCodes,
    '/api/v1/memberships': register,
  });
  renderWithProviders(<RegisterMembership />, { path: '/membership/register' });
  const posts = (path: string) =>
    stub.requests.filter((r) => r.method === 'POST' && new URL(r.url).pathname === path);
  return {
    registrations: () => posts('/api/v1/memberships'),
    codeRequests: () => posts('/api/v1/auth/sms-codes'),
    user: userEvent.setup(),
  };
}

type User = ReturnType<typeof userEvent.setup>;

async function type(user: User, label: string | RegExp, text: string) {
  const field = screen.getByLabelText(label);
  await user.click(field);
  await user.paste(text);
}

/** The antd form item (label, control, messages) around a control. */
function formItemOf(element: HTMLElement): HTMLElement {
  const item = element.closest<HTMLElement>('.ant-form-item');
  if (!item) throw new Error('not inside a form item');
  return item;
}

async function fillIn(user: User) {
  await type(user, '单位名称', '海南会员测试单位');
  await type(user, '统一社会信用代码', '91460100ma5tdem28d');
  await type(user, '单位法人', '王法人');
  await type(user, '法人移动电话', '13900000001');
  await type(user, /^联系人$/, '张联系');
  await type(user, '联系人移动电话', '13800000002');
  await user.click(screen.getByRole('button', { name: '获取验证码' }));
  await screen.findByRole('button', { name: /秒后重新获取/ });
  await type(user, '短信验证码', '246810');
  await user.click(screen.getByLabelText('用户类型'));
  await user.click(await screen.findByTitle('企业'));
  await type(user, /^密码$/, 'Member#2026x');
  await type(user, '确认密码', 'Member#2026x');
  await user.click(screen.getByRole('checkbox', { name: /我同意遵守/ }));
}

describe('RegisterMembership', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('registers the unit with the USCC in capitals and the SMS code, then says it awaits review', async () => {
    const { registrations, user } = renderForm(pending);
    await screen.findByLabelText('单位名称');
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: /注\s*册/ }));

    expect(await screen.findByText('注册成功')).toBeInTheDocument();
    expect(screen.getByText('审核中')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '查询审核进度' })).toHaveAttribute(
      'href',
      '/membership/status',
    );
    // What was registered, under the status (seed 002 §3.1.3), the mobiles masked.
    const registered = screen.getByText('注册信息').closest<HTMLElement>('.ant-descriptions')!;
    const value = (label: string) =>
      within(registered).getByText(label).closest('th')!.nextElementSibling!.textContent;
    expect(value('单位名称')).toBe('海南会员测试单位');
    expect(value('统一社会信用代码')).toBe('91460100MA5TDEM28D');
    expect(value('单位法人')).toBe('王法人');
    expect(value('法人移动电话')).toBe('139****0001');
    expect(value('联系人')).toBe('张联系');
    expect(value('联系人移动电话')).toBe('138****0002');
    expect(value('用户类型')).toBe('企业');
    expect(screen.queryByText('13800000002')).not.toBeInTheDocument();
    expect(screen.queryByText('Member#2026x')).not.toBeInTheDocument();
    expect(await bodyOf(registrations()[0])).toEqual({
      unit_name: '海南会员测试单位',
      uscc: '91460100MA5TDEM28D',
      legal_rep_name: '王法人',
      legal_rep_mobile: '13900000001',
      contact_name: '张联系',
      contact_mobile: '13800000002',
      sms_code: '246810',
      user_type_id: 'ut-enterprise',
      password: 'Member#2026x',
      password_confirmation: 'Member#2026x',
      agree_charter: true,
    });
  });

  it('asks for the charter and the SMS code before sending anything', async () => {
    const { registrations, user } = renderForm(pending);
    await screen.findByLabelText('单位名称');
    await user.click(screen.getByRole('button', { name: /注\s*册/ }));
    expect(await screen.findByText('请阅读并同意协会章程')).toBeInTheDocument();
    expect(screen.getByText('请输入单位名称')).toBeInTheDocument();
    expect(
      within(formItemOf(screen.getByLabelText('短信验证码'))).getByText('请输入验证码'),
    ).toBeInTheDocument();
    expect(registrations()).toHaveLength(0);
  });

  it('sends a bind code to the contact mobile and counts down before another', async () => {
    // Only the clock and intervals are fake: antd and the test library still use real timeouts.
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const { codeRequests, user } = renderForm(pending);
    await screen.findByLabelText('单位名称');
    await type(user, '联系人移动电话', '13800000002');
    await user.click(screen.getByRole('button', { name: '获取验证码' }));

    expect(await screen.findByRole('button', { name: '60 秒后重新获取' })).toBeDisabled();
    expect(await bodyOf(codeRequests()[0])).toEqual({ phone: '13800000002', purpose: 'bind' });
    expect(await screen.findByText('验证码已发送，5 分钟内有效')).toBeInTheDocument();

    act(() => vi.advanceTimersByTime(59_000));
    expect(screen.getByRole('button', { name: '1 秒后重新获取' })).toBeDisabled();
    act(() => vi.advanceTimersByTime(1_000));
    expect(screen.getByRole('button', { name: '获取验证码' })).toBeEnabled();
  });

  it('checks the contact mobile before sending a code', async () => {
    const { codeRequests, user } = renderForm(pending);
    await screen.findByLabelText('单位名称');
    await user.click(screen.getByRole('button', { name: '获取验证码' }));
    expect(await screen.findByText('请输入联系人的移动电话')).toBeInTheDocument();
    await type(user, '联系人移动电话', '1380000');
    await user.click(screen.getByRole('button', { name: '获取验证码' }));
    expect(await screen.findByText('请输入 11 位中国大陆手机号')).toBeInTheDocument();
    expect(codeRequests()).toHaveLength(0);
  });

  it('shows the wait a 429 asks for beside the code, and counts it down', async () => {
    const { user } = renderForm(
      pending,
      problemReply(
        429,
        { code: 'rate_limited', title: '操作过于频繁，请稍后再试', detail: '请 42 秒后再试。' },
        { 'Retry-After': '42' },
      ),
    );
    await screen.findByLabelText('单位名称');
    await type(user, '联系人移动电话', '13800000002');
    await user.click(screen.getByRole('button', { name: '获取验证码' }));

    const code = formItemOf(screen.getByLabelText('短信验证码'));
    expect(
      await within(code).findByText('操作过于频繁，请稍后再试 请 42 秒后再试。'),
    ).toBeInTheDocument();
    expect(within(code).getByRole('button', { name: '42 秒后重新获取' })).toBeDisabled();
  });

  // The field places the message, whatever the code (`required`, `sms_code_exhausted` alike).
  it.each([
    ['sms_code_invalid', '验证码不正确'],
    ['sms_code_expired', '验证码已过期，请重新获取'],
  ])("shows the server's %s under the SMS code field", async (reason, message) => {
    const { user } = renderForm(
      problemReply(422, {
        code: 'validation_failed',
        title: '提交的信息有误',
        errors: [{ field: 'sms_code', code: reason, message }],
      }),
    );
    await screen.findByLabelText('单位名称');
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: /注\s*册/ }));

    const code = formItemOf(screen.getByLabelText('短信验证码'));
    expect(await within(code).findByText(message)).toBeInTheDocument();
    expect(screen.queryByText('提交的信息有误')).not.toBeInTheDocument(); // on the field only
  });

  it("shows the server's refusal of the credit code under its field", async () => {
    const { user } = renderForm(
      problemReply(422, {
        code: 'validation_failed',
        title: '提交的信息有误',
        errors: [{ field: 'uscc', code: 'uscc_check', message: '统一社会信用代码校验位不正确' }],
      }),
    );
    await screen.findByLabelText('单位名称');
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: /注\s*册/ }));
    const item = (await screen.findByText('统一社会信用代码校验位不正确')).closest(
      '.ant-form-item',
    );
    expect(within(item as HTMLElement).getByLabelText('统一社会信用代码')).toBeInTheDocument();
  });

  it('tells a unit that is already a member to sign in with its USCC', async () => {
    const { user } = renderForm(
      problemReply(409, { code: 'member_already_registered', title: '已注册' }),
    );
    await screen.findByLabelText('单位名称');
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: /注\s*册/ }));
    expect(await screen.findByText('该单位已经注册过')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '去登录' })).toHaveAttribute(
      'href',
      '/membership/login',
    );
  });

  it('sends an org already on the platform to apply from its account', async () => {
    const { user } = renderForm(
      problemReply(409, { code: 'org_already_on_platform', title: '企业已存在' }),
    );
    await screen.findByLabelText('单位名称');
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: /注\s*册/ }));
    expect(await screen.findByText('该单位已在平台注册为企业')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '登录后申请入会' })).toHaveAttribute(
      'href',
      '/login?next=%2Fmembership',
    );
  });
});
