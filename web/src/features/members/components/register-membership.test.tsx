import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import {
  bodyOf,
  problemReply,
  renderWithProviders,
  stubApi,
  type Route,
} from '@/testing/test-utils';

import { userTypes } from '../testing/fixtures';
import { RegisterMembership } from './register-membership';

function renderForm(register: Route) {
  const stub = stubApi({
    '/api/v1/member-user-types': { body: userTypes },
    '/api/v1/memberships': register,
  });
  renderWithProviders(<RegisterMembership />, { path: '/membership/register' });
  const posts = () => stub.requests.filter((r) => r.method === 'POST');
  return { posts, user: userEvent.setup() };
}

async function fillIn(user: ReturnType<typeof userEvent.setup>) {
  const type = async (label: string | RegExp, text: string) => {
    const field = screen.getByLabelText(label);
    await user.click(field);
    await user.paste(text);
  };
  await type('单位名称', '海南会员测试单位');
  await type('统一社会信用代码', '91460100ma5tdem28d');
  await type('单位法人', '王法人');
  await type('法人移动电话', '13900000001');
  await type(/^联系人$/, '张联系');
  await type('联系人移动电话', '13800000002');
  await user.click(screen.getByLabelText('用户类型'));
  await user.click(await screen.findByTitle('企业'));
  await type(/^密码$/, 'Member#2026x');
  await type('确认密码', 'Member#2026x');
  await user.click(screen.getByRole('checkbox', { name: /我同意遵守/ }));
}

describe('RegisterMembership', () => {
  it('registers the unit with the USCC in capitals, then says it awaits review', async () => {
    const { posts, user } = renderForm({
      status: 201,
      body: { status: 'pending', reject_reason: null },
    });
    await screen.findByLabelText('单位名称');
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: /注\s*册/ }));

    expect(await screen.findByText('注册成功')).toBeInTheDocument();
    expect(screen.getByText('审核中')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '查询审核进度' })).toHaveAttribute(
      'href',
      '/membership/status',
    );
    expect(await bodyOf(posts()[0])).toEqual({
      unit_name: '海南会员测试单位',
      uscc: '91460100MA5TDEM28D',
      legal_rep_name: '王法人',
      legal_rep_mobile: '13900000001',
      contact_name: '张联系',
      contact_mobile: '13800000002',
      user_type_id: 'ut-enterprise',
      password: 'Member#2026x',
      password_confirmation: 'Member#2026x',
      agree_charter: true,
    });
  });

  it('asks for the charter before sending anything', async () => {
    const { posts, user } = renderForm({ status: 201, body: { status: 'pending' } });
    await screen.findByLabelText('单位名称');
    await user.click(screen.getByRole('button', { name: /注\s*册/ }));
    expect(await screen.findByText('请阅读并同意协会章程')).toBeInTheDocument();
    expect(screen.getByText('请输入单位名称')).toBeInTheDocument();
    expect(posts()).toHaveLength(0);
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
