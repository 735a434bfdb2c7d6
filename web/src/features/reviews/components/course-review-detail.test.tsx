import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { startSession } from '@/lib/session';
import { enums } from '@/testing/fixtures';
import {
  bodyOf,
  problemReply,
  renderWithProviders,
  stubApi,
  type Route,
} from '@/testing/test-utils';

import { CourseReviewDetail } from './course-review-detail';

const lecturer = { id: 'l1', name: '陈静', gender: 'female', intro: '', photo: null };
const listedRevision = {
  id: 'r1',
  number: 1,
  status: 'approved',
  title: '跨境电商入门',
  delivery: 'video',
  cover: { media_id: 'm-cover', url: '/media/m-cover' },
  video_media_id: 'm-video',
  intro: '从平台规则到选品。',
  intro_image: null,
  external_url: null,
  training_mode: 'online',
  category_code: 'cross_border_ecommerce',
  lecturers: [lecturer],
  live_starts_at: null,
  live_ends_at: null,
  capacity: null,
  submitted_at: '2026-11-20T08:00:00Z',
  decided_at: '2026-11-21T08:00:00Z',
  reject_reason: null,
};
const review = {
  submission: {
    course_id: 'c1',
    provider_id: 'p1',
    provider_name: '海口数字贸易学院',
    is_update: true,
    revision: {
      ...listedRevision,
      id: 'r2',
      number: 2,
      status: 'pending',
      title: '跨境电商入门（第二版）',
      intro: '新增物流章节。',
      submitted_at: '2026-11-25T08:00:00Z',
      decided_at: null,
    },
  },
  listed: listedRevision,
};

function renderReview(routes: Record<string, Route> = {}, { readOnly = false } = {}) {
  startSession('token-1');
  const stub = stubApi({
    '/api/v1/meta/enums': { body: enums },
    '/api/v1/categories': {
      body: {
        items: [
          {
            id: 'k1',
            code: 'cross_border_ecommerce',
            name_zh: '跨境电商实务',
            name_en: 'Cross-border',
            sort_order: 1,
          },
        ],
        total: 1,
        page: 1,
        page_size: 100,
      },
    },
    '/api/v1/admin/course-reviews/r2': { body: review },
    '/api/v1/media/m-video/signed-url': { body: { url: '/media/m-video?sig=1' } },
    ...routes,
  });
  const onDecided = vi.fn();
  renderWithProviders(
    <CourseReviewDetail revisionId="r2" onDecided={onDecided} readOnly={readOnly} />,
  );
  return { ...stub, onDecided, user: userEvent.setup() };
}

describe('CourseReviewDetail', () => {
  it('shows the submission beside the listed revision, changed fields highlighted', async () => {
    renderReview();
    const container = document.body;
    expect(
      await screen.findByText('跨境电商入门（第二版）', { selector: 'td *, td' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: '本次提交' })).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: '当前上架版本' })).toBeInTheDocument();
    expect(screen.getByText('共 2 项修改，已高亮显示')).toBeInTheDocument();
    const changed = [...container.querySelectorAll('tr.changed')].map((row) =>
      row.getAttribute('data-field'),
    );
    expect(changed).toEqual(['title', 'intro']);
    const category = container.querySelector('tr[data-field="category"]') as HTMLElement;
    expect(await within(category).findAllByText('跨境电商实务')).toHaveLength(2);
    expect(screen.getByText('课程修改')).toBeInTheDocument();
  });

  it('approves after a confirmation', async () => {
    const { requests, onDecided, user } = renderReview({
      '/api/v1/admin/course-reviews/r2/approve': { body: review.submission },
    });
    await user.click(await screen.findByRole('button', { name: /通\s*过/ }));
    const confirm = await screen.findByRole('tooltip');
    expect(within(confirm).getByText('通过后，课程将立即在云课堂上架。')).toBeInTheDocument();
    expect(requests.some((r) => r.url.endsWith('/approve'))).toBe(false);
    await user.click(within(confirm).getByRole('button', { name: /通\s*过/ }));
    await waitFor(() => expect(onDecided).toHaveBeenCalled());
    expect(requests.some((r) => r.method === 'POST' && r.url.endsWith('/approve'))).toBe(true);
  });

  it('rejects only with a reason, sent to the API', async () => {
    const { requests, onDecided, user } = renderReview({
      '/api/v1/admin/course-reviews/r2/reject': { body: review.submission },
    });
    await user.click(await screen.findByRole('button', { name: /驳\s*回/ }));
    const dialog = await screen.findByRole('dialog', { name: '驳回并填写原因' });
    await user.click(within(dialog).getByRole('button', { name: /驳\s*回/ }));
    expect(await within(dialog).findByText('请填写驳回原因')).toBeInTheDocument();
    expect(requests.some((r) => r.url.endsWith('/reject'))).toBe(false);

    await user.type(within(dialog).getByRole('textbox', { name: '驳回原因' }), '封面模糊');
    await user.click(within(dialog).getByRole('button', { name: /驳\s*回/ }));
    await waitFor(() => expect(onDecided).toHaveBeenCalled());
    expect(await bodyOf(requests.find((r) => r.url.endsWith('/reject')))).toEqual({
      reason: '封面模糊',
    });
  });

  it('says who decided first when the item is no longer pending', async () => {
    const { user } = renderReview({
      '/api/v1/admin/course-reviews/r2/approve': problemReply(409, {
        code: 'wrong_state',
        title: '该项已审核',
      }),
    });
    await user.click(await screen.findByRole('button', { name: /通\s*过/ }));
    await user.click(
      within(await screen.findByRole('tooltip')).getByRole('button', { name: /通\s*过/ }),
    );
    expect(await screen.findByText('该项已审核')).toBeInTheDocument();
  });

  it('shows an auditor the submission without approve or reject', async () => {
    const { requests } = renderReview({}, { readOnly: true });
    expect(
      await screen.findByText('跨境电商入门（第二版）', { selector: 'td *, td' }),
    ).toBeInTheDocument();
    expect(screen.getByText('审计员只读')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /通\s*过/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /驳\s*回/ })).not.toBeInTheDocument();
    expect(requests.some((r) => /\/(approve|reject)$/.test(r.url))).toBe(false);
  });

  it('tells an auditor how a decided item ended, as for anyone', async () => {
    renderReview(
      {
        '/api/v1/admin/course-reviews/r2': {
          body: {
            ...review,
            submission: {
              ...review.submission,
              revision: {
                ...review.submission.revision,
                status: 'rejected',
                reject_reason: '封面模糊',
              },
            },
          },
        },
      },
      { readOnly: true },
    );
    expect(await screen.findByText('驳回原因：封面模糊')).toBeInTheDocument();
    expect(screen.queryByText('审计员只读')).not.toBeInTheDocument();
  });
});
