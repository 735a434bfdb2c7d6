import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import { startSession } from '@/lib/session';
import { enums } from '@/testing/fixtures';
import { problemReply, renderWithProviders, stubApi } from '@/testing/test-utils';
import { setViewportWidth } from '@/testing/viewport';

import type { OrgsFilter } from '../api/get-orgs';
import { OrgList } from './org-list';

const org = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  name: `企业 ${id}`,
  uscc: '91460000MA5T000000',
  certification: 'uncertified',
  member_count: 2,
  provider_status: null,
  membership_status: null,
  class_count: 0,
  created_at: '2026-11-20T08:00:00Z',
  ...overrides,
});

const page = (items: unknown[]) => ({ items, total: items.length, page: 1, page_size: 20 });

const detail = (id: string, overrides: Record<string, unknown> = {}) => ({
  ...org(id),
  legal_representative: '张三',
  address: '海南省海口市龙华区滨海大道 1 号',
  contact_phone: '0898-66668888',
  certified_by: null,
  certified_at: null,
  members: [],
  ...overrides,
});

function Harness({ canEdit = true }: { canEdit?: boolean }) {
  const [filter, setFilter] = useState<OrgsFilter>({ page: 1, page_size: 20 });
  return <OrgList filter={filter} onFilterChange={setFilter} canEdit={canEdit} />;
}

describe('OrgList', () => {
  it('lists orgs with their provider and membership states and certifies one by hand', async () => {
    startSession('token-1');
    let certified = false;
    const { requests } = stubApi({
      '/api/v1/admin/orgs': () => ({
        body: {
          items: [
            org('o1', { certification: 'certified', provider_status: 'approved' }),
            org('o2', { certification: certified ? 'certified' : 'uncertified' }),
          ],
          total: 2,
          page: 1,
          page_size: 20,
        },
      }),
      '/api/v1/admin/orgs/o2/certify': () => {
        certified = true;
        return { body: { ...org('o2'), certification: 'certified' } };
      },
    });
    const events = userEvent.setup();
    renderWithProviders(<Harness />);
    const row = (await screen.findByText('企业 o1')).closest('tr') as HTMLElement;
    expect(within(row).getByText('已认证')).toBeInTheDocument();
    expect(within(row).getByText('已通过')).toBeInTheDocument();
    expect(within(row).queryByRole('button', { name: /手动认证/ })).not.toBeInTheDocument();

    await events.click(screen.getByRole('button', { name: '手动认证 企业 o2' }));
    await events.click(
      within(await screen.findByRole('tooltip')).getByRole('button', { name: /手动认证/ }),
    );
    expect(await screen.findByText('已认证 企业 o2')).toBeInTheDocument();
    expect(requests.some((r) => r.method === 'POST' && r.url.endsWith('/o2/certify'))).toBe(true);
  });

  it('opens an org from its row in a drawer with its details and members', async () => {
    startSession('token-1');
    const { requests } = stubApi({
      '/api/v1/meta/enums': { body: enums },
      '/api/v1/admin/orgs': {
        body: page([
          org('o1', {
            certification: 'certified',
            provider_status: 'approved',
            membership_status: 'pending',
            class_count: 3,
          }),
          org('o2'),
        ]),
      },
      '/api/v1/admin/orgs/o1': {
        body: detail('o1', {
          certification: 'certified',
          provider_status: 'approved',
          membership_status: 'pending',
          class_count: 3,
          certified_by: 'hainan_gov',
          certified_at: '2026-11-21T08:00:00Z',
          members: [
            { user_id: 'u1', display_name: '王五', mobile: '138****5678', role: 'owner' },
            { user_id: 'u2', display_name: '赵六', mobile: null, role: 'staff' },
          ],
        }),
      },
      '/api/v1/admin/orgs/o2': { body: detail('o2') },
    });
    const events = userEvent.setup();
    // Any operator looks: no certify buttons for a read-only one, but 查看 on every row.
    renderWithProviders(<Harness canEdit={false} />);
    await screen.findByText('企业 o2');
    expect(screen.queryByRole('button', { name: /手动认证/ })).not.toBeInTheDocument();

    await events.click(screen.getByRole('button', { name: '查看 企业 o1' }));
    const drawer = await screen.findByRole('dialog');
    expect(await within(drawer).findByText('张三')).toBeInTheDocument();
    // The drawer's title and the name row.
    expect(within(drawer).getAllByText('企业 o1')).toHaveLength(2);
    expect(requests.some((r) => r.method === 'GET' && r.url.endsWith('/admin/orgs/o1'))).toBe(true);
    expect(within(drawer).getByText('91460000MA5T000000')).toBeInTheDocument();
    expect(within(drawer).getByText('海南省海口市龙华区滨海大道 1 号')).toBeInTheDocument();
    expect(within(drawer).getByText('0898-66668888')).toBeInTheDocument();
    expect(within(drawer).getByText('已认证')).toBeInTheDocument();
    expect(within(drawer).getByText('海易办认证 · 2026年11月21日')).toBeInTheDocument();
    expect(within(drawer).getByText('已通过')).toBeInTheDocument();
    expect(within(drawer).getByText('待审核')).toBeInTheDocument();
    expect(within(drawer).getByText('3')).toBeInTheDocument();

    expect(within(drawer).getByText('成员（2）')).toBeInTheDocument();
    const owner = within(drawer).getByText('王五').closest('tr') as HTMLElement;
    expect(within(owner).getByText('138****5678')).toBeInTheDocument();
    expect(await within(owner).findByText('所有者')).toBeInTheDocument();
    const staff = within(drawer).getByText('赵六').closest('tr') as HTMLElement;
    expect(within(staff).getByText('—')).toBeInTheDocument();
    expect(within(staff).getByText('员工')).toBeInTheDocument();

    // Another org: not certified, nobody in it yet.
    await events.click(within(drawer).getByRole('button', { name: 'Close' }));
    await events.click(screen.getByRole('button', { name: '查看 企业 o2' }));
    const other = await screen.findByRole('dialog');
    expect(await within(other).findByText('该企业暂无成员')).toBeInTheDocument();
    expect(within(other).getAllByText('企业 o2')).toHaveLength(2);
    expect(within(other).getByText('未认证')).toBeInTheDocument();
    expect(within(other).getByText('成员（0）')).toBeInTheDocument();
  });

  it('shows the server’s problem in the drawer, full width at 375 px, and reads again on retry', async () => {
    setViewportWidth(375);
    startSession('token-1');
    const { requests } = stubApi({
      '/api/v1/meta/enums': { body: enums },
      '/api/v1/admin/orgs': { body: page([org('o1')]) },
      '/api/v1/admin/orgs/o1': [
        problemReply(500, {
          code: 'internal',
          title: '服务器内部错误',
          detail: '请稍后重试，并向客服提供请求编号 req-42。',
        }),
        { body: detail('o1', { certified_by: 'admin' }) },
      ],
    });
    const events = userEvent.setup();
    renderWithProviders(<Harness />);
    await events.click(await screen.findByRole('button', { name: '查看 企业 o1' }));
    const drawer = await screen.findByRole('dialog');
    expect(within(drawer).getByText('企业 o1')).toBeInTheDocument();
    expect(await within(drawer).findByText('服务器内部错误')).toBeInTheDocument();
    expect(within(drawer).getByText(/req-42/)).toBeInTheDocument();
    expect(drawer.closest('.ant-drawer-content-wrapper')).toHaveStyle({ width: '100%' });

    await events.click(within(drawer).getByRole('button', { name: /重\s*试/ }));
    expect(await within(drawer).findByText('张三')).toBeInTheDocument();
    expect(within(drawer).queryByText('服务器内部错误')).not.toBeInTheDocument();
    expect(requests.filter((r) => r.url.endsWith('/admin/orgs/o1'))).toHaveLength(2);
  });
});
