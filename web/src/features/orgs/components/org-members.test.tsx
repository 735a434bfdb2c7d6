import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';

import { startSession } from '@/lib/session';
import { enums, me } from '@/testing/fixtures';
import {
  bodyOf,
  problemReply,
  renderWithProviders,
  stubApi,
  type Route,
} from '@/testing/test-utils';
import { setViewportWidth } from '@/testing/viewport';

import type { Org } from '../api/get-my-orgs';
import { OrgMembers } from './org-members';

const org = (my_role: string): Org => ({
  id: 'o1',
  name: '三亚示例跨境电商有限公司',
  uscc: '91460200MA5T8XY10H',
  legal_representative: '张三',
  address: '',
  contact_phone: '',
  certification: 'uncertified',
  created_at: '2026-11-20T08:00:00Z',
  my_role,
});
const owner = {
  user_id: 'u1',
  mobile: '138****8000',
  display_name: '138****8000',
  role: 'owner',
  joined_at: '2026-11-20T08:00:00Z',
};
const staff = {
  user_id: 'u2',
  mobile: '139****9000',
  display_name: '139****9000',
  role: 'staff',
  joined_at: '2026-11-21T08:00:00Z',
};
const otherOwner = {
  user_id: 'u4',
  mobile: '136****6000',
  display_name: '136****6000',
  role: 'owner',
  joined_at: '2026-11-19T08:00:00Z',
};
// Joined before the legal person certified the org through 海易办: on hold until kept.
const suspended = {
  user_id: 'u5',
  mobile: '135****5000',
  display_name: '135****5000',
  role: 'admin',
  joined_at: '2026-11-18T08:00:00Z',
  suspended_at: '2026-11-23T08:00:00Z',
};
const added = {
  user_id: 'u3',
  mobile: '137****7000',
  display_name: '137****7000',
  role: 'admin',
  joined_at: '2026-11-22T08:00:00Z',
};

function renderMembers(role: string, routes: Record<string, Route>) {
  const stub = stubApi({
    '/api/v1/me': { body: me },
    '/api/v1/meta/enums': { body: enums },
    ...routes,
  });
  renderWithProviders(<OrgMembers org={org(role)} />);
  return { ...stub, user: userEvent.setup() };
}

/** The table row that shows `text`. */
async function rowOf(text: string): Promise<HTMLElement> {
  const cell = await screen.findByText(text);
  const row = cell.closest<HTMLElement>('tr');
  if (!row) throw new Error(`${text} is not in a table row`);
  return row;
}

/**
 * The buttons a row offers, by their text (antd spaces two-character labels: 移 除). Read off
 * the DOM: under jsdom a role query computes every candidate's styles, and took 10-25 s per
 * query in these rows.
 */
function buttonsOf(row: HTMLElement): string[] {
  return [...row.querySelectorAll('button')].map((b) => b.textContent.replace(/\s+/g, ''));
}

describe('sub-accounts', () => {
  beforeEach(() => startSession('token-1'));

  it('lists the accounts with masked mobiles and adds one by phone', async () => {
    const { requests, user } = renderMembers('owner', {
      '/api/v1/orgs/o1/members': (request) =>
        request.method === 'POST'
          ? { status: 201, body: added }
          : {
              body: requests.some((r) => r.method === 'POST')
                ? [owner, staff, added]
                : [owner, staff],
            },
    });

    const mine = await rowOf('138****8000');
    expect(within(mine).getByText('我')).toBeInTheDocument();
    expect(within(mine).getByText('所有者')).toBeInTheDocument();
    expect(within(mine).queryByRole('button', { name: /移\s*除/ })).not.toBeInTheDocument();
    expect(await rowOf('139****9000')).toBeInTheDocument();

    await user.type(screen.getByLabelText('手机号'), '137 0013 7000');
    await user.click(screen.getByLabelText('角色'));
    await user.click(await screen.findByTitle('管理员'));
    await user.click(screen.getByRole('button', { name: /添\s*加/ }));

    expect(await screen.findByText('已添加子账号 137****7000')).toBeInTheDocument();
    const post = requests.find((r) => r.method === 'POST');
    expect(await bodyOf(post)).toEqual({ phone: '13700137000', role: 'admin' });
    expect(await rowOf('137****7000')).toBeInTheDocument();
  });

  it('shows the server’s answer for a wrong phone under the field and a duplicate above', async () => {
    const refusals = [
      problemReply(422, {
        code: 'validation_failed',
        title: '提交的信息有误',
        errors: [{ field: 'phone', code: 'mobile_format', message: '请输入 11 位中国大陆手机号' }],
      }),
      problemReply(409, { code: 'already_member', title: '该手机号已是本单位成员' }),
    ];
    const { user } = renderMembers('owner', {
      '/api/v1/orgs/o1/members': (request) =>
        request.method === 'GET' ? { body: [owner] } : refusals.shift()!,
    });

    await screen.findByText('138****8000');
    const phone = screen.getByLabelText('手机号');
    await user.type(phone, '+8613800138000');
    await user.click(screen.getByRole('button', { name: /添\s*加/ }));
    const item = phone.closest<HTMLElement>('.ant-form-item')!;
    expect(await within(item).findByText('请输入 11 位中国大陆手机号')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /添\s*加/ }));
    expect(await screen.findByText('该手机号已是本单位成员')).toBeInTheDocument();
  });

  it('changes a role', async () => {
    const { requests, user } = renderMembers('owner', {
      '/api/v1/orgs/o1/members': { body: [owner, staff] },
      '/api/v1/orgs/o1/members/u2': { status: 204 },
    });

    await user.click(await screen.findByRole('combobox', { name: '139****9000 的角色' }));
    await user.click(await screen.findByTitle('管理员'));

    await waitFor(() => expect(requests.some((r) => r.method === 'PATCH')).toBe(true));
    const patch = requests.find((r) => r.method === 'PATCH');
    expect(new URL(patch!.url).pathname).toBe('/api/v1/orgs/o1/members/u2');
    expect(await bodyOf(patch)).toEqual({ role: 'admin' });
  });

  it('asks before removing, and shows why the server refused', async () => {
    const { requests, user } = renderMembers('owner', {
      '/api/v1/orgs/o1/members': { body: [owner, staff] },
      '/api/v1/orgs/o1/members/u2': [
        problemReply(404, { code: 'not_found', title: '内容不存在' }),
        { status: 204 },
      ],
    });

    const row = await rowOf('139****9000');
    await user.click(within(row).getByRole('button', { name: /移\s*除/ }));
    const confirm = await screen.findByRole('tooltip');
    expect(within(confirm).getByText('确定移除子账号 139****9000？')).toBeInTheDocument();
    await user.click(within(confirm).getByRole('button', { name: /取\s*消/ }));
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);

    await user.click(within(row).getByRole('button', { name: /移\s*除/ }));
    await user.click(
      within(await screen.findByRole('tooltip')).getByRole('button', { name: /移\s*除/ }),
    );
    expect(await screen.findByText('内容不存在')).toBeInTheDocument();
    const removal = requests.find((r) => r.method === 'DELETE');
    expect(new URL(removal!.url).pathname).toBe('/api/v1/orgs/o1/members/u2');
  });

  it('marks suspended members and explains what the owner decides', async () => {
    renderMembers('owner', { '/api/v1/orgs/o1/members': { body: [owner, staff, suspended] } });

    const row = await rowOf('135****5000');
    expect(within(row).getByText('已暂停 · 待确认')).toBeInTheDocument();
    expect(buttonsOf(row)).toEqual(['保留为管理员', '保留为员工', '移除']);
    // Its role is decided by keeping it, not by the select the kept members have.
    expect(row.querySelector('.ant-select')).toBeNull();
    expect(
      screen.getByText(
        '企业已通过海易办认证，认证前加入的成员需要您确认：设置角色以保留，或移除。',
      ),
    ).toBeInTheDocument();

    const kept = await rowOf('139****9000');
    expect(within(kept).queryByText('已暂停 · 待确认')).not.toBeInTheDocument();
    expect(buttonsOf(kept)).toEqual(['移除']);
  });

  it('keeps a phone’s member rows within the screen, actions included', async () => {
    setViewportWidth(375);
    renderMembers('owner', { '/api/v1/orgs/o1/members': { body: [owner, suspended] } });

    const row = await rowOf('135****5000');
    expect(within(row).getByText('已暂停 · 待确认')).toBeInTheDocument();
    expect(buttonsOf(row)).toEqual(['保留为管理员', '保留为员工', '移除']);
    // One stacked column: no header for role or actions to scroll sideways to.
    expect(row.closest('table')!.querySelectorAll('thead th')).toHaveLength(1);
  });

  it('keeps a suspended member by sending the chosen role', async () => {
    let keptAs: unknown = null;
    const { requests, user } = renderMembers('owner', {
      '/api/v1/orgs/o1/members': () => ({
        body: keptAs
          ? [owner, { ...suspended, role: 'staff', suspended_at: null }]
          : [owner, suspended],
      }),
      '/api/v1/orgs/o1/members/u5': async (request) => {
        keptAs = await request.clone().json();
        return { status: 204 };
      },
    });

    await user.click(
      within(await rowOf('135****5000')).getByRole('button', { name: '保留为员工' }),
    );

    expect(await screen.findByText('已保留 135****5000，角色为员工')).toBeInTheDocument();
    const patch = requests.find((r) => r.method === 'PATCH');
    expect(new URL(patch!.url).pathname).toBe('/api/v1/orgs/o1/members/u5');
    expect(await bodyOf(patch)).toEqual({ role: 'staff' });
    await waitFor(() => expect(screen.queryByText('已暂停 · 待确认')).not.toBeInTheDocument());
    expect(screen.queryByText(/认证前加入的成员/)).not.toBeInTheDocument();
  });

  it('removes a suspended member after confirming', async () => {
    const { requests, user } = renderMembers('owner', {
      '/api/v1/orgs/o1/members': { body: [owner, suspended] },
      '/api/v1/orgs/o1/members/u5': { status: 204 },
    });

    await user.click(within(await rowOf('135****5000')).getByRole('button', { name: /移\s*除/ }));
    const confirm = await screen.findByRole('tooltip');
    expect(within(confirm).getByText('确定移除子账号 135****5000？')).toBeInTheDocument();
    await user.click(within(confirm).getByRole('button', { name: /移\s*除/ }));

    await waitFor(() => expect(requests.some((r) => r.method === 'DELETE')).toBe(true));
    const removal = requests.find((r) => r.method === 'DELETE');
    expect(new URL(removal!.url).pathname).toBe('/api/v1/orgs/o1/members/u5');
  });

  it('lets the owner act on another owner but never on their own row', async () => {
    const { requests, user } = renderMembers('owner', {
      '/api/v1/orgs/o1/members': { body: [owner, otherOwner, staff] },
      '/api/v1/orgs/o1/members/u4': { status: 204 },
    });

    const other = await rowOf('136****6000');
    expect(within(other).getByRole('button', { name: /移\s*除/ })).toBeInTheDocument();
    const mine = await rowOf('138****8000');
    expect(within(mine).getByText('我')).toBeInTheDocument();
    expect(buttonsOf(mine)).toEqual([]);
    expect(within(mine).queryByRole('combobox')).not.toBeInTheDocument();

    // Demoting an owner cannot be undone here, so it is asked first.
    await user.click(within(other).getByRole('combobox', { name: '136****6000 的角色' }));
    await user.click(await screen.findByTitle('管理员'));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getAllByText('将所有者 136****6000 改为管理员？')[0]).toBeInTheDocument();
    expect(requests.some((r) => r.method === 'PATCH')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: '确定修改' }));

    await waitFor(() => expect(requests.some((r) => r.method === 'PATCH')).toBe(true));
    const patch = requests.find((r) => r.method === 'PATCH');
    expect(new URL(patch!.url).pathname).toBe('/api/v1/orgs/o1/members/u4');
    expect(await bodyOf(patch)).toEqual({ role: 'admin' });
  });

  it('shows an admin which members wait for the owner, without the owner’s controls', async () => {
    renderMembers('admin', { '/api/v1/orgs/o1/members': { body: [owner, suspended] } });

    const row = await rowOf('135****5000');
    expect(within(row).getByText('已暂停 · 待所有者确认')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /保留为/ })).not.toBeInTheDocument();
    expect(screen.getByText(/等待企业所有者确认保留或移除/)).toBeInTheDocument();
  });

  it('shows an admin the accounts without the owner’s controls', async () => {
    renderMembers('admin', { '/api/v1/orgs/o1/members': { body: [owner, staff] } });

    const row = await rowOf('139****9000');
    expect(within(row).getByText('员工')).toBeInTheDocument();
    expect(screen.getByText('只有企业所有者可以添加、移除子账号或修改角色。')).toBeInTheDocument();
    expect(screen.queryByRole('combobox')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /移\s*除/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /添\s*加/ })).not.toBeInTheDocument();
  });
});
