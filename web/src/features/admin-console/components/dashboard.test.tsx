import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { startSession } from '@/lib/session';
import { problemReply, renderWithProviders, stubApi } from '@/testing/test-utils';

import { Dashboard } from './dashboard';

const day = (n: number) => ({
  date: `2026-11-${String(n).padStart(2, '0')}`,
  new_orgs: n % 3,
  new_providers: 0,
  newly_listed_courses: 1,
  new_classes: 0,
  new_students: n,
  study_ms: 3_600_000 * n,
  new_members: 0,
  dues_collected_fen: 10_000,
});

const dashboard = {
  counts: {
    orgs: 3,
    providers: 2,
    listed_courses: 12,
    classes: 1,
    students: 30,
    study_ms: 287_280_000,
    members: 4,
    dues_collected_fen: 123_450,
  },
  days: Array.from({ length: 30 }, (_, i) => day(i + 1)),
};

describe('Dashboard', () => {
  it('shows the counts as cards (hours, yuan) and draws the 30-day charts', async () => {
    startSession('token-1');
    stubApi({ '/api/v1/admin/dashboard': { body: dashboard } });
    renderWithProviders(<Dashboard />);
    const card = (title: string) =>
      (screen.getByText(title).closest('.admin-stat-card') as HTMLElement) ?? null;
    expect(await screen.findByText('上架课程')).toBeInTheDocument();
    expect(within(card('企业')).getByText('3')).toBeInTheDocument();
    expect(within(card('学习时长（小时）')).getByText('79.8')).toBeInTheDocument();
    expect(within(card('已收会费')).getByText('¥1,234.50')).toBeInTheDocument();
    expect(await screen.findByRole('img', { name: '近 30 天每日新增' })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: '近 30 天每日学习时长（小时）' })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: '近 30 天每日会费收入（元）' })).toBeInTheDocument();
  });

  it('reports a failure', async () => {
    startSession('token-1');
    stubApi({
      '/api/v1/admin/dashboard': problemReply(403, { code: 'forbidden', title: '无权访问' }),
    });
    renderWithProviders(<Dashboard />);
    expect(await screen.findByText('无权访问')).toBeInTheDocument();
  });
});
