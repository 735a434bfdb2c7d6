import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { startSession } from '@/lib/session';
import { problemReply, renderWithProviders, stubApi, type Route } from '@/testing/test-utils';
import { setViewportWidth } from '@/testing/viewport';

import { OrgStudyTime } from './org-study-time';

const path = '/api/v1/orgs/o1/study-time';

function member(n: number, overrides: Record<string, unknown> = {}) {
  return {
    user_id: `u${n}`,
    display_name: `学员${n}`,
    mobile: `138****${String(8000 + n)}`,
    studied_ms: n * 60_000,
    courses: 1,
    ...overrides,
  };
}

function renderStudyTime(route: Route) {
  startSession('token-1');
  const stub = stubApi({ [path]: route });
  renderWithProviders(<OrgStudyTime orgId="o1" />, { path: '/enterprise?org=o1&tab=study-time' });
  return { ...stub, user: userEvent.setup() };
}

/** The body rows of the table (antd adds a hidden measuring row in some layouts). */
function bodyRows(table: HTMLElement) {
  return within(table)
    .getAllByRole('row')
    .filter((row) => row.closest('tbody') && !row.classList.contains('ant-table-measure-row'));
}

describe('OrgStudyTime', () => {
  it('lists each member with name, masked mobile, courses and whole minutes, and sums them', async () => {
    const { requests } = renderStudyTime({
      body: [
        member(1, { display_name: '王芳', studied_ms: 754_000, courses: 2 }),
        member(2, { display_name: '', mobile: '139****0002', studied_ms: 59_999, courses: 0 }),
      ],
    });

    const table = await screen.findByRole('table');
    await waitFor(() => expect(bodyRows(table)).toHaveLength(2));
    const [first, second] = bodyRows(table);
    expect(within(first!).getByText('王芳')).toBeInTheDocument();
    expect(within(first!).getByText('138****8001')).toBeInTheDocument();
    expect(within(first!).getByText('2')).toBeInTheDocument();
    expect(within(first!).getByText('12 分钟')).toBeInTheDocument();
    // No display name: a dash, never the full number; under a minute counts as 0.
    expect(within(second!).getByText('—')).toBeInTheDocument();
    expect(within(second!).getByText('139****0002')).toBeInTheDocument();
    expect(within(second!).getByText('0 分钟')).toBeInTheDocument();
    expect(screen.getByText('共 2 人，累计 13 分钟')).toBeInTheDocument();
    for (const header of ['姓名', '手机号', '学习课程数', '学习时长']) {
      expect(within(table).getByRole('columnheader', { name: new RegExp(header) })).toBeVisible();
    }
    expect(requests[0]!.headers.get('Authorization')).toBe('Bearer token-1');
  });

  it('says when the org has no members yet', async () => {
    renderStudyTime({ body: [] });

    expect(await screen.findByText('暂无企业成员')).toBeInTheDocument();
    expect(screen.queryByText(/累计/)).not.toBeInTheDocument();
  });

  it('shows what went wrong and tries again', async () => {
    const { user } = renderStudyTime([
      problemReply(403, { code: 'forbidden', title: '只有企业所有者或管理员可以查看' }),
      { body: [member(1)] },
    ]);

    expect(await screen.findByText('只有企业所有者或管理员可以查看')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /重\s*试/ }));
    expect(await screen.findByText('学员1')).toBeInTheDocument();
    expect(screen.queryByText('只有企业所有者或管理员可以查看')).not.toBeInTheDocument();
  });

  it('pages a long list twenty at a time and sorts by study time', async () => {
    const { user } = renderStudyTime({ body: Array.from({ length: 25 }, (_, i) => member(i + 1)) });

    const table = await screen.findByRole('table');
    await waitFor(() => expect(bodyRows(table)).toHaveLength(20));
    expect(screen.getByText('共 25 人，累计 325 分钟')).toBeInTheDocument();
    await user.click(screen.getByRole('listitem', { name: '2' }));
    await waitFor(() => expect(bodyRows(table)).toHaveLength(5));
    expect(within(bodyRows(table)[0]!).getByText('学员21')).toBeInTheDocument();

    // Sorting (twice: descending) goes back to page one, the longest study time on top.
    await user.click(within(table).getByRole('columnheader', { name: /学习时长/ }));
    await user.click(within(table).getByRole('columnheader', { name: /学习时长/ }));
    await waitFor(() => expect(bodyRows(table)).toHaveLength(20));
    expect(within(bodyRows(table)[0]!).getByText('学员25')).toBeInTheDocument();
    expect(within(bodyRows(table)[19]!).getByText('学员6')).toBeInTheDocument();
  });

  it('keeps the table scrolling inside its card on a phone', async () => {
    setViewportWidth(375);
    renderStudyTime({ body: [member(1)] });

    const table = await screen.findByRole('table');
    await screen.findByText('学员1');
    // `scroll.x` puts the table in its own horizontally scrolling box, not the page.
    const box = table.closest('.ant-table-content') as HTMLElement;
    expect(box).not.toBeNull();
    expect(box.style.overflowX).toBe('auto');
  });
});
