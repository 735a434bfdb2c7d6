import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import { startSession } from '@/lib/session';
import { renderWithProviders, stubApi } from '@/testing/test-utils';

import type { QueueFilter } from '../api/get-provider-reviews';
import { ProviderQueue } from './review-queues';

const submission = (n: number, overrides: Record<string, unknown> = {}) => ({
  revision_id: `s${n}`,
  provider_id: `p${n}`,
  org_id: `o${n}`,
  org_name: `企业 ${n}`,
  name: `服务商 ${n}`,
  uscc: null,
  address: '',
  contact_phone: '',
  intro: '',
  logo: null,
  number: n,
  status: 'pending',
  reject_reason: null,
  submitted_at: '2026-11-20T08:00:00Z',
  decided_at: null,
  ...overrides,
});

function Harness() {
  const [filter, setFilter] = useState<QueueFilter>({ status: 'pending', page: 1, page_size: 20 });
  return <ProviderQueue filter={filter} onFilterChange={setFilter} />;
}

describe('ProviderQueue', () => {
  it('lists pending submissions, new or changed, and switches to decided ones', async () => {
    startSession('token-1');
    const { requests } = stubApi({
      '/api/v1/admin/provider-reviews': (request) =>
        new URL(request.url).searchParams.get('status') === 'rejected'
          ? { body: { items: [], total: 0, page: 1, page_size: 20 } }
          : { body: { items: [submission(1), submission(2)], total: 2, page: 1, page_size: 20 } },
    });
    renderWithProviders(<Harness />);
    const table = await screen.findByRole('table');
    expect(await within(table).findByRole('link', { name: '服务商 1' })).toHaveAttribute(
      'href',
      '/admin/reviews/providers/s1',
    );
    expect(within(table).getByText('新申请')).toBeInTheDocument();
    expect(within(table).getByText('信息变更')).toBeInTheDocument();

    await userEvent.setup().click(screen.getByText('已驳回'));
    await waitFor(() =>
      expect(new URL(requests.at(-1)!.url).searchParams.get('status')).toBe('rejected'),
    );
    expect(await screen.findByText('暂无记录')).toBeInTheDocument();
  });
});
