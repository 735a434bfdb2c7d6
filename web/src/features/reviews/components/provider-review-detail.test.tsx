import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { startSession } from '@/lib/session';
import { renderWithProviders, stubApi } from '@/testing/test-utils';

import { ProviderReviewDetail } from './provider-review-detail';

const listed = {
  revision_id: 's1',
  provider_id: 'p1',
  org_id: 'o1',
  org_name: '海南椰风贸易有限公司',
  name: '椰风学院',
  uscc: '91460200MA5RCN2P6M',
  address: '海口市美兰区',
  contact_phone: '0898-66000000',
  intro: '跨境电商培训。',
  logo: { media_id: 'm-logo-1', url: '/media/m-logo-1' },
  number: 1,
  status: 'approved',
  reject_reason: null,
  submitted_at: '2026-11-20T08:00:00Z',
  decided_at: '2026-11-21T08:00:00Z',
};

describe('ProviderReviewDetail', () => {
  it('highlights the changed name and logo of an approved provider’s update', async () => {
    startSession('token-1');
    stubApi({
      '/api/v1/admin/provider-reviews/s2': {
        body: {
          submission: {
            ...listed,
            revision_id: 's2',
            number: 2,
            status: 'pending',
            name: '椰风跨境学院',
            logo: { media_id: 'm-logo-2', url: '/media/m-logo-2' },
            decided_at: null,
          },
          listed,
        },
      },
    });
    renderWithProviders(<ProviderReviewDetail revisionId="s2" onDecided={vi.fn()} />);

    expect(await screen.findByText('共 2 项修改，已高亮显示')).toBeInTheDocument();
    const rows = [...document.querySelectorAll('tr.changed')].map((row) =>
      row.getAttribute('data-field'),
    );
    expect(rows).toEqual(['name', 'logo']);
    const name = document.querySelector('tr[data-field="name"]') as HTMLElement;
    expect(within(name).getByText('椰风跨境学院')).toBeInTheDocument();
    expect(within(name).getByText('椰风学院')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /驳\s*回/ })).toBeInTheDocument();
  });

  it('leaves an auditor without approve or reject', async () => {
    startSession('token-1');
    stubApi({
      '/api/v1/admin/provider-reviews/s2': {
        body: {
          submission: { ...listed, revision_id: 's2', status: 'pending', decided_at: null },
          listed,
        },
      },
    });
    renderWithProviders(<ProviderReviewDetail revisionId="s2" onDecided={vi.fn()} readOnly />);

    expect(await screen.findByText('审计员只读')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /通\s*过/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /驳\s*回/ })).not.toBeInTheDocument();
  });
});
