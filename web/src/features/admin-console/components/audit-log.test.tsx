import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { startSession } from '@/lib/session';
import { renderWithProviders, stubApi } from '@/testing/test-utils';

import type { AuditLogFilter } from '../api/get-audit-log';
import { AuditLog } from './audit-log';

const record = (n: number, action: string) => ({
  id: `a${n}`,
  at: '2026-11-20T08:00:00Z',
  actor_kind: 'admin',
  actor_id: 'u-operator',
  org_id: null,
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
    expect(await screen.findByText('user.lock')).toBeInTheDocument();

    await events.click(screen.getByLabelText('操作'));
    await events.paste('dictionary.');
    await events.click(screen.getByRole('button', { name: /查\s*询/ }));
    expect(await screen.findByText('dictionary.create')).toBeInTheDocument();
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

  it('says when nothing matches', async () => {
    startSession('token-1');
    stubApi({
      '/api/v1/admin/audit-log': { body: { items: [], total: 0, page: 1, page_size: 20 } },
    });
    renderWithProviders(<Harness />);
    expect(await screen.findByText('没有符合条件的记录')).toBeInTheDocument();
  });
});
