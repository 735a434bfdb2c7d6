import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import { startSession } from '@/lib/session';
import { renderWithProviders, stubApi } from '@/testing/test-utils';

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

function Harness() {
  const [filter, setFilter] = useState<OrgsFilter>({ page: 1, page_size: 20 });
  return <OrgList filter={filter} onFilterChange={setFilter} canEdit />;
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
    expect(within(row).queryByRole('button')).not.toBeInTheDocument();

    await events.click(screen.getByRole('button', { name: '手动认证 企业 o2' }));
    await events.click(
      within(await screen.findByRole('tooltip')).getByRole('button', { name: /手动认证/ }),
    );
    expect(await screen.findByText('已认证 企业 o2')).toBeInTheDocument();
    expect(requests.some((r) => r.method === 'POST' && r.url.endsWith('/o2/certify'))).toBe(true);
  });
});
