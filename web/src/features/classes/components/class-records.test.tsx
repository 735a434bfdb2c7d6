import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';

import { startSession } from '@/lib/session';
import { me } from '@/testing/fixtures';
import { renderWithProviders, stubApi, type Route } from '@/testing/test-utils';
import { setViewportWidth } from '@/testing/viewport';

import { classEnums, trainingClass } from '../testing/fixtures';
import { ClassRecordsView } from './class-records';

const base = '/api/v1/orgs/o1/classes/c1';
const session = {
  id: 'x1',
  title: '第一讲：平台规则',
  lecturer_student_ids: ['s2'],
  planned_start_at: '2026-12-01T02:00:00Z',
  planned_end_at: '2026-12-01T04:30:00Z',
  started_at: '2026-12-01T02:00:00Z',
  ended_at: '2026-12-01T04:30:00Z',
  duration_ms: 9_000_000,
  viewer_count: 3,
  platform_live_id: 'live-1',
  pulled_at: '2026-12-01T05:00:00Z',
};
const before = { sessions: [], students: [], unmatched_viewers: [], total_live_ms: 0 };
const after = {
  sessions: [session],
  students: [
    { student_id: 's1', name: '王伟', live_ms: 8_400_000, on_demand_ms: 0, sessions_attended: 1 },
    { student_id: 's2', name: '李芳', live_ms: 9_000_000, on_demand_ms: 0, sessions_attended: 1 },
  ],
  unmatched_viewers: [{ session_id: 'x1', name: '路人甲', live_ms: 1_200_000, playback_ms: 0 }],
  total_live_ms: 9_000_000,
  records_updated_at: '2026-12-01T05:00:00Z',
};
const job = (status: string, done: number, last_error: string | null = null) => ({
  id: 'j1',
  status,
  progress_done: done,
  progress_total: 1,
  last_error,
  finished_at: null,
});
const dingTalkRefused =
  '钉钉应用缺少所需权限（通讯录管理、直播读写），请在钉钉开放平台为应用开通后重试（钉钉返回：43007 no permission）';

function renderRecords(routes: Record<string, Route>) {
  const stub = stubApi({
    '/api/v1/me': { body: me },
    '/api/v1/meta/enums': { body: classEnums },
    ...routes,
  });
  renderWithProviders(<ClassRecordsView orgId="o1" item={trainingClass} canManage />);
  return { ...stub, user: userEvent.setup() };
}

describe('learning records', () => {
  beforeEach(() => startSession('token-1'));

  it('updates the records through a job, following its progress, then shows the hours', async () => {
    let finished = false;
    const { requests, user } = renderRecords({
      [`${base}/records`]: () => ({ body: finished ? after : before }),
      [`${base}/records/refresh`]: { status: 202, body: job('queued', 0) },
      '/api/v1/orgs/o1/jobs/j1': () => {
        const polls = requests.filter((r) => r.url.endsWith('/jobs/j1')).length;
        if (polls < 2) return { body: job('running', 0) };
        finished = true;
        return { body: job('succeeded', 1) };
      },
      [`${base}/sessions/x1/viewers`]: { body: [] },
    });

    expect(await screen.findByText('尚未更新学习记录')).toBeInTheDocument();
    expect(await screen.findByText(/安排直播并在钉钉中开展后/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /更新学习记录/ }));

    expect(await screen.findByText('正在从钉钉获取直播数据…')).toBeInTheDocument();
    expect(await screen.findByText('学习记录已更新', {}, { timeout: 8000 })).toBeInTheDocument();
    expect(await screen.findByText(/^最近更新：/)).toBeInTheDocument();
    const wang = (await screen.findByText('王伟')).closest('tr')!;
    expect(within(wang).getByText('2.33')).toBeInTheDocument();
    const li = screen.getByText('李芳').closest('tr')!;
    expect(within(li).getByText('2.5')).toBeInTheDocument();
    expect(await screen.findByRole('img', { name: '学员有效学时分布' })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: '各场次时长与观看人数' })).toBeInTheDocument();

    await user.click(screen.getByRole('tab', { name: '未匹配观众' }));
    expect(await screen.findByText('路人甲')).toBeInTheDocument();
  });

  it('shows a failed update as failed, with its reason and a retry (never 排队中 for ever)', async () => {
    let refreshes = 0;
    const { user } = renderRecords({
      [`${base}/records`]: { body: before },
      [`${base}/records/refresh`]: () => {
        refreshes += 1;
        return { status: 202, body: { ...job('queued', 0), id: `j${refreshes}` } };
      },
      // The first job failed once and waits for its retry, then fails for good.
      '/api/v1/orgs/o1/jobs/j1': [
        { body: job('queued', 0, dingTalkRefused) },
        { body: job('failed', 0, dingTalkRefused) },
      ],
      '/api/v1/orgs/o1/jobs/j2': { body: { ...job('running', 0), id: 'j2' } },
    });

    await user.click(await screen.findByRole('button', { name: /更新学习记录/ }));
    expect(await screen.findByText('上次更新未成功，系统会稍后自动重试')).toBeInTheDocument();
    expect(screen.getByText(dingTalkRefused)).toBeInTheDocument();
    expect(screen.queryByText('排队中…')).not.toBeInTheDocument();

    // Retrying is polled slowly; the next look finds it failed for good.
    expect(
      await screen.findByText('学习记录更新失败', {}, { timeout: 20_000 }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /重\s*试/ }));
    expect(await screen.findByText('正在从钉钉获取直播数据…')).toBeInTheDocument();
    expect(refreshes).toBe(2);
  }, 30_000);

  it('shows a student’s records per session: effective beside reported live and replay', async () => {
    const { user } = renderRecords({
      [`${base}/records`]: { body: after },
      [`${base}/students/s1/records`]: {
        body: [
          {
            session_id: 'x1',
            title: '第一讲：平台规则',
            started_at: '2026-12-01T02:00:00Z',
            duration_ms: 9_000_000,
            effective_ms: 8_400_000,
            reported_live_ms: 8_400_000,
            reported_playback_ms: 1_800_000,
          },
        ],
      },
    });

    await user.click(await screen.findByRole('button', { name: '“王伟”的学习记录' }));
    const drawer = await screen.findByRole('dialog');
    expect(await within(drawer).findByText('有效直播学时合计 2.33 小时')).toBeInTheDocument();
    expect(within(drawer).getByText('0.5 小时')).toBeInTheDocument();
  });

  it('shows each student’s on-demand time beside the live hours, apart from them, at 375 px', async () => {
    setViewportWidth(375);
    renderRecords({
      [`${base}/records`]: {
        body: {
          ...after,
          students: [
            { ...after.students[0]!, on_demand_ms: 5_400_000 },
            { ...after.students[1]!, on_demand_ms: 0 },
          ],
        },
      },
    });

    const header = await screen.findByRole('columnheader', { name: /点播学习（不计入学时）/ });
    const table = header.closest('table')!;
    const wang = within(table).getByText('王伟').closest('tr')!;
    // The effective live hours are the live time alone; on-demand shows in its own column.
    expect(within(wang).getByText('2.33')).toBeInTheDocument();
    expect(within(wang).getByText('1.5 小时')).toBeInTheDocument();
    const li = within(table).getByText('李芳').closest('tr')!;
    expect(within(li).getByText('0 小时')).toBeInTheDocument();
    // Wider than a phone, the table scrolls inside its card rather than the page.
    expect(table.closest('.ant-table-content')).toHaveStyle({ overflowX: 'auto' });
  });
});
