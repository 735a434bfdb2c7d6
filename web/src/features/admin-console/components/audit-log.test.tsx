import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { changeLanguage } from '@/lib/i18n';
import { startSession } from '@/lib/session';
import { renderWithProviders, stubApi } from '@/testing/test-utils';

import type { AuditLogFilter } from '../api/get-audit-log';
import { AuditLog } from './audit-log';

const operatorId = '0190a6f2-7c1e-7b3a-9d4e-5f6a7b8c9d0e';
const orgId = '0190a6f2-7c1e-7b3a-9d4e-00000000aaaa';

const record = (n: number, action: string) => ({
  id: `a${n}`,
  at: '2026-11-20T08:00:00Z',
  actor_kind: 'admin',
  actor_id: operatorId,
  actor_name: '王运营',
  org_id: null,
  org_name: null,
  action,
  object_type: 'categories',
  object_id: `e${n}`,
  ip: '127.0.0.1',
  request_id: `req-${n}`,
  details: JSON.stringify({ code: `code_${n}` }),
});

function Harness() {
  const [filter, setFilter] = useState<AuditLogFilter>({ page: 1, page_size: 20 });
  return <AuditLog filter={filter} onFilterChange={setFilter} />;
}

afterEach(() => vi.restoreAllMocks());

describe('AuditLog', () => {
  it('filters by an action prefix, expands the details and exports with the same filters', async () => {
    startSession('token-1');
    const { requests } = stubApi({
      '/api/v1/admin/audit-log': (request) =>
        new URL(request.url).searchParams.get('action') === 'dictionary.'
          ? {
              body: {
                items: [record(1, 'dictionary.create'), record(2, 'dictionary.update')],
                total: 2,
                page: 1,
                page_size: 20,
              },
            }
          : { body: { items: [record(3, 'user.lock')], total: 1, page: 1, page_size: 20 } },
      '/api/v1/admin/audit-log.xlsx': {
        body: 'xlsx-bytes',
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
    });
    const createObjectURL = vi.fn(() => 'blob:audit');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const events = userEvent.setup();
    renderWithProviders(<Harness />);
    // The action in words, its code beside it to filter by; the actor by name.
    expect(await screen.findByText('锁定用户')).toBeInTheDocument();
    expect(screen.getByText('user.lock')).toBeInTheDocument();
    expect(screen.getByText('王运营')).toBeInTheDocument();
    expect(screen.queryByText(operatorId)).not.toBeInTheDocument();

    await events.click(screen.getByLabelText('操作'));
    await events.paste('dictionary.');
    await events.click(screen.getByRole('button', { name: /查\s*询/ }));
    expect(await screen.findByText('dictionary.create')).toBeInTheDocument();
    expect(screen.getByText('新增字典条目')).toBeInTheDocument();
    expect(screen.queryByText('user.lock')).not.toBeInTheDocument();
    expect(screen.getAllByText('管理员').length).toBeGreaterThan(0);

    await events.click(screen.getAllByRole('button', { name: /展开行|Expand row/ })[0]!);
    expect(await screen.findByText(/"code": "code_1"/)).toBeInTheDocument();
    expect(screen.getByText(/req-1/)).toBeInTheDocument();

    await events.click(screen.getByRole('button', { name: /导出 Excel/ }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    const download = requests.find((r) => r.url.includes('/audit-log.xlsx'))!;
    expect(new URL(download.url).searchParams.get('action')).toBe('dictionary.');
    expect(new URL(download.url).searchParams.has('page')).toBe(false);
    expect(download.headers.get('Authorization')).toBe('Bearer token-1');
  });

  it('names actors and orgs, falls back to a short id, and hides empty details', async () => {
    startSession('token-1');
    stubApi({
      '/api/v1/admin/audit-log': {
        body: {
          items: [
            {
              ...record(1, 'payment.offline_confirm'),
              org_id: orgId,
              org_name: '海南示范企业',
              details: '{}',
              request_id: null,
            },
            {
              ...record(2, 'user.unlock'),
              actor_kind: 'user',
              actor_name: null,
              details: '{}',
            },
            {
              ...record(3, 'future.thing'),
              actor_kind: 'system',
              actor_id: null,
              actor_name: null,
              request_id: null,
              details: JSON.stringify({ reason: 'amount_mismatch' }),
            },
          ],
          total: 3,
          page: 1,
          page_size: 20,
        },
      },
    });
    const events = userEvent.setup();
    renderWithProviders(<Harness />);

    expect(await screen.findByText('确认线下缴费')).toBeInTheDocument();
    expect(screen.getByText('payment.offline_confirm')).toBeInTheDocument();
    expect(screen.getByText('海南示范企业')).toBeInTheDocument();
    expect(screen.queryByText(orgId)).not.toBeInTheDocument();
    // No name: the end of the id, whole in its title — never the bare UUID.
    expect(screen.getByText('…7b8c9d0e').closest('[title]')).toHaveAttribute('title', operatorId);
    expect(screen.queryByText(operatorId)).not.toBeInTheDocument();
    // A code the console does not know shows as itself.
    expect(screen.getAllByText('future.thing').length).toBeGreaterThan(0);
    expect(screen.getByText('系统')).toBeInTheDocument();

    // Only the entries with something to show expand: {} with no request id does not.
    const rows = screen.getAllByRole('row').slice(1);
    expect(within(rows[0]!).queryByRole('button', { name: /展开行|Expand row/ })).toBeNull();
    await events.click(within(rows[1]!).getByRole('button', { name: /展开行|Expand row/ }));
    expect(await screen.findByText(/req-2/)).toBeInTheDocument();
    expect(screen.queryByText('详情')).not.toBeInTheDocument();
    expect(screen.queryByText('{}')).not.toBeInTheDocument();
    await events.click(within(rows[2]!).getByRole('button', { name: /展开行|Expand row/ }));
    expect(await screen.findByText(/"reason": "amount_mismatch"/)).toBeInTheDocument();
    expect(screen.getByText('详情')).toBeInTheDocument();
  });

  it('labels actions in English after the switch', async () => {
    await changeLanguage('en');
    startSession('token-1');
    stubApi({
      '/api/v1/admin/audit-log': {
        body: {
          items: [record(1, 'user.lock'), record(2, 'webhook.rotate_secret')],
          total: 2,
          page: 1,
          page_size: 20,
        },
      },
    });
    renderWithProviders(<Harness />);

    expect(await screen.findByText('Lock a user')).toBeInTheDocument();
    expect(screen.getByText('Rotate a webhook secret')).toBeInTheDocument();
    expect(screen.getAllByText('Operator').length).toBeGreaterThan(0);
    expect(screen.getAllByText('王运营')).toHaveLength(2);
  });

  it('says when nothing matches', async () => {
    startSession('token-1');
    stubApi({
      '/api/v1/admin/audit-log': { body: { items: [], total: 0, page: 1, page_size: 20 } },
    });
    renderWithProviders(<Harness />);
    expect(await screen.findByText('没有符合条件的记录')).toBeInTheDocument();
  });
});
