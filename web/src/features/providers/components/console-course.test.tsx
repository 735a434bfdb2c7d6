import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, onTestFinished, vi } from 'vitest';

import { startSession } from '@/lib/session';
import type { components } from '@/types/api';
import { bodyOf, renderWithProviders, stubApi, type Route } from '@/testing/test-utils';

import { course, providerEnums, revision } from '../test-fixtures';

import { ConsoleCourse } from './console-course';

type Comment = components['schemas']['Comment'];

const live = course(
  { status: 'approved', listed: true, public_revision: 1 },
  revision({
    status: 'approved',
    title: '直播带货实战',
    delivery: 'live',
    video_media_id: null,
    live_starts_at: '2026-12-01T11:30:00Z',
    live_ends_at: '2026-12-01T13:00:00Z',
    capacity: 50,
  }),
);

const comment = (overrides: Partial<Comment> = {}): Comment => ({
  id: 'k1',
  author: '王**',
  body: '讲得很清楚。',
  rating: 5,
  reply: null,
  replied_at: null,
  hidden: false,
  created_at: '2026-11-20T08:00:00Z',
  ...overrides,
});

const attendees = {
  items: [
    {
      name: '张三',
      mobile: '138****8000',
      company: '海南椰风科技有限公司',
      enrolled_at: '2026-11-25T08:00:00Z',
      signed_in_at: '2026-12-01T11:35:00Z',
      sign_in_method: 'qr',
    },
  ],
  total: 1,
  page: 1,
  page_size: 20,
};

function Harness({ initialTab }: { initialTab: string }) {
  const [tab, setTab] = useState(initialTab);
  return <ConsoleCourse orgId="o1" courseId="c1" canEdit tab={tab} onTabChange={setTab} />;
}

function renderCourse(tab: string, routes: Record<string, Route> = {}) {
  startSession('token-1');
  const stub = stubApi({
    '/api/v1/meta/enums': { body: providerEnums },
    '/api/v1/orgs/o1/courses/c1': { body: live, headers: { ETag: '"4"' } },
    '/api/v1/orgs/o1/courses/c1/revisions': {
      body: [
        live.revision,
        { ...live.revision, id: 'r0', number: 0, status: 'rejected', reject_reason: '封面模糊' },
      ],
    },
    ...routes,
  });
  renderWithProviders(<Harness initialTab={tab} />);
  return { ...stub, user: userEvent.setup() };
}

describe('ConsoleCourse', () => {
  it('shows the course state and its review history', async () => {
    renderCourse('history');
    expect(await screen.findByRole('heading', { name: '直播带货实战' })).toBeInTheDocument();
    expect(screen.getByText('已上架')).toBeInTheDocument();
    expect(await screen.findByText('驳回原因：封面模糊')).toBeInTheDocument();
    expect(screen.getByText('第 1 版')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: '签到二维码' })).toBeInTheDocument();
  });

  it('replies to a comment, and hides one after a confirmation', async () => {
    let current = comment();
    const { requests, user } = renderCourse('comments', {
      '/api/v1/orgs/o1/courses/c1/comments': () => ({
        body: { items: [current], total: 1, page: 1, page_size: 20 },
      }),
      '/api/v1/orgs/o1/courses/c1/comments/k1/reply': async (request) => {
        current = { ...current, reply: ((await request.json()) as { body: string }).body };
        return { body: current };
      },
      '/api/v1/orgs/o1/courses/c1/comments/k1/visibility': async (request) => {
        current = { ...current, hidden: ((await request.json()) as { hidden: boolean }).hidden };
        return { body: current };
      },
    });
    const comments = await screen.findByRole('region', { name: '评论列表' });
    await within(comments).findByText('讲得很清楚。');
    await user.click(within(comments).getByRole('button', { name: /回\s*复/ }));
    await user.type(within(comments).getByRole('textbox', { name: '回复内容' }), '谢谢支持！');
    await user.click(within(comments).getByRole('button', { name: /发\s*送/ }));
    expect(await within(comments).findByText('谢谢支持！')).toBeInTheDocument();
    expect(await within(comments).findByRole('button', { name: /修改回复/ })).toBeInTheDocument();

    await user.click(within(comments).getByRole('button', { name: /隐\s*藏/ }));
    const confirm = await screen.findByRole('tooltip');
    expect(within(confirm).getByText('隐藏这条评论？')).toBeInTheDocument();
    await user.click(within(confirm).getByRole('button', { name: /隐\s*藏/ }));
    expect(await within(comments).findByText('已隐藏')).toBeInTheDocument();
    const visibility = requests.find((r) => r.url.endsWith('/visibility'));
    expect(await bodyOf(visibility)).toEqual({ hidden: true });
    expect(within(comments).getByRole('button', { name: /取消隐藏/ })).toBeInTheDocument();
  });

  it('lists enrollments and exports them as xlsx with the bearer token', async () => {
    const createObjectURL = vi.fn(() => 'blob:enrollments');
    // jsdom has no object URLs: stand them in for this test only.
    const original = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
    URL.createObjectURL = createObjectURL;
    URL.revokeObjectURL = vi.fn();
    onTestFinished(() => {
      URL.createObjectURL = original.create;
      URL.revokeObjectURL = original.revoke;
    });
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const { requests, user } = renderCourse('enrollments', {
      '/api/v1/orgs/o1/courses/c1/enrollments': { body: attendees },
      '/api/v1/orgs/o1/courses/c1/enrollments.xlsx': {
        body: 'xlsx-bytes',
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
    });
    const table = await screen.findByRole('table');
    expect(await within(table).findByText('张三')).toBeInTheDocument();
    expect(within(table).getByText('138****8000')).toBeInTheDocument();
    // The name and company the learner gave when enrolling.
    expect(within(table).getByRole('columnheader', { name: '单位' })).toBeInTheDocument();
    expect(within(table).getByText('海南椰风科技有限公司')).toBeInTheDocument();
    expect(within(table).getByText('扫码签到')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /导出 Excel/ }));
    await waitFor(() => expect(clicked).toHaveBeenCalled());
    const download = requests.find((r) => r.url.endsWith('/enrollments.xlsx'))!;
    expect(download.headers.get('Authorization')).toBe('Bearer token-1');
    expect(createObjectURL).toHaveBeenCalled();
    clicked.mockRestore();
  });

  it('draws the rotating sign-in code as a QR of the sign-in page, asked for again', async () => {
    let n = 0;
    const { requests } = renderCourse('qr', {
      '/api/v1/orgs/o1/courses/c1/sign-in-code': () => {
        n += 1;
        return {
          body: {
            code: `CODE${n}`,
            short_code: `00000${n}`,
            path: `/courses/c1/sign-in?code=CODE${n}`,
            expires_at: new Date(Date.now() + 120_000).toISOString(),
            // Due at once, so the test sees the second code without waiting a minute.
            refresh_at: new Date(Date.now() - 1_000).toISOString(),
          },
        };
      },
    });
    const qr = await screen.findByRole('img', { name: '签到二维码' });
    expect(qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(qr.getAttribute('data-target')).toMatch(
      new RegExp(`^${window.location.origin}/courses/c1/sign-in\\?code=CODE\\d$`),
    );
    // A person reads six digits, not the opaque code the QR carries.
    expect(await screen.findByText('000002', {}, { timeout: 4_000 })).toBeInTheDocument();
    expect(screen.queryByText(/CODE2/)).not.toBeInTheDocument();
    expect(requests.filter((r) => r.url.endsWith('/sign-in-code')).length).toBeGreaterThan(1);
  });
});
