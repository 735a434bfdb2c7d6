import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { startSession } from '@/lib/session';
import {
  bodyOf,
  problemReply,
  renderWithProviders,
  stubApi,
  type Route,
} from '@/testing/test-utils';

import type { VersionedCourse } from '../api/get-own-course';
import {
  categories,
  course,
  FakeMediaInput,
  lecturers,
  providerEnums,
  revision,
} from '../test-fixtures';

import { CourseEditor } from './course-editor';

function renderEditor(routes: Record<string, Route>, existing?: VersionedCourse) {
  startSession('token-1');
  const stub = stubApi({
    '/api/v1/meta/enums': { body: providerEnums },
    '/api/v1/categories': { body: categories },
    '/api/v1/orgs/o1/lecturers': { body: lecturers },
    ...routes,
  });
  const onSaved = vi.fn();
  const onReload = vi.fn();
  renderWithProviders(
    <CourseEditor
      orgId="o1"
      course={existing}
      MediaInput={FakeMediaInput}
      onSaved={onSaved}
      onCancel={() => undefined}
      onReload={onReload}
    />,
  );
  const writes = () => stub.requests.filter((r) => r.method !== 'GET');
  return { ...stub, writes, onSaved, onReload, user: userEvent.setup() };
}

const created = course({}, revision());

describe('CourseEditor', () => {
  it('creates a draft with every field and submits it with its ETag', async () => {
    const { writes, onSaved, user } = renderEditor({
      '/api/v1/orgs/o1/courses': { status: 201, body: created, headers: { ETag: '"3"' } },
      '/api/v1/orgs/o1/courses/c1/submit': { body: { ...created, status: 'pending' } },
    });
    const title = await screen.findByRole('textbox', { name: '课程标题' });
    expect(title).toHaveAttribute('maxlength', '30');
    expect(screen.getByRole('textbox', { name: '课程内容介绍' })).toHaveAttribute(
      'maxlength',
      '300',
    );
    // The external link is for external and live courses only.
    expect(screen.queryByRole('textbox', { name: '视频跳转链接' })).not.toBeInTheDocument();

    await user.type(title, '跨境电商入门');
    await user.type(screen.getByRole('textbox', { name: 'media:course_cover' }), 'm-cover');
    await user.type(screen.getByRole('textbox', { name: 'media:course_video' }), 'm-video');
    await user.type(screen.getByRole('textbox', { name: '课程内容介绍' }), '从平台规则到选品。');
    await user.click(await screen.findByRole('radio', { name: '线上' }));
    await user.click(screen.getByRole('combobox', { name: '主题分类' }));
    await user.click(await screen.findByTitle('跨境电商实务'));
    await user.click(screen.getByRole('combobox', { name: '讲师' }));
    await user.click(await screen.findByTitle('陈静'));
    await user.click(screen.getByRole('button', { name: /保存并提交审核/ }));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const [post, submit] = writes();
    expect(await bodyOf(post)).toEqual({
      title: '跨境电商入门',
      delivery: 'video',
      cover_media_id: 'm-cover',
      video_media_id: 'm-video',
      intro: '从平台规则到选品。',
      intro_image_media_id: null,
      external_url: null,
      training_mode: 'online',
      category_code: 'cross_border_ecommerce',
      lecturer_ids: ['l1'],
      live_starts_at: null,
      live_ends_at: null,
      capacity: null,
    });
    expect(new URL(submit!.url).pathname).toBe('/api/v1/orgs/o1/courses/c1/submit');
    expect(submit!.headers.get('If-Match')).toBe('"3"');
    expect(await screen.findByText('课程已提交审核')).toBeInTheDocument();
  });

  it('asks for live times, capacity and the link of a live course', async () => {
    const { writes, user } = renderEditor({
      '/api/v1/orgs/o1/courses': { status: 201, body: created, headers: { ETag: '"3"' } },
    });
    await user.type(await screen.findByRole('textbox', { name: '课程标题' }), '直播课');
    await user.click(screen.getByRole('radio', { name: '直播课程' }));
    expect(screen.queryByRole('textbox', { name: 'media:course_video' })).not.toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: '视频跳转链接' }), 'not a url');
    await user.type(screen.getByLabelText('直播开始时间'), '2026-12-01T19:30');
    await user.type(screen.getByLabelText('直播结束时间'), '2026-12-01T21:00');
    await user.type(screen.getByRole('spinbutton', { name: '报名人数上限' }), '50');
    await user.click(screen.getByRole('button', { name: /保存草稿/ }));
    expect(
      (await screen.findAllByText('请输入以 http:// 或 https:// 开头的网址'))[0],
    ).toBeInTheDocument();
    expect(writes()).toHaveLength(0);

    const link = screen.getByRole('textbox', { name: '视频跳转链接' });
    await user.clear(link);
    await user.type(link, 'https://live.example.com/room/1');
    await user.click(screen.getByRole('button', { name: /保存草稿/ }));
    await screen.findByText('草稿已保存');
    expect(await bodyOf(writes()[0])).toMatchObject({
      delivery: 'live',
      video_media_id: null,
      external_url: 'https://live.example.com/room/1',
      live_starts_at: new Date('2026-12-01T19:30').toISOString(),
      live_ends_at: new Date('2026-12-01T21:00').toISOString(),
      capacity: 50,
    });
    expect(writes()).toHaveLength(1);
  });

  it('shows what review still needs under each field', async () => {
    const { user } = renderEditor({
      '/api/v1/orgs/o1/courses': { status: 201, body: created, headers: { ETag: '"3"' } },
      '/api/v1/orgs/o1/courses/c1/submit': problemReply(422, {
        code: 'validation_failed',
        title: '提交的信息有误',
        errors: [
          { field: 'cover_media_id', code: 'required_for_review', message: '提交审核前请上传封面' },
          { field: 'lecturer_ids', code: 'required_for_review', message: '请至少选择一位讲师' },
        ],
      }),
    });
    await user.type(await screen.findByRole('textbox', { name: '课程标题' }), '草稿');
    // Every field review needs is marked (an asterisk), not only the ones checked here.
    for (const label of [
      '课程标题',
      '课程封面图',
      '视频文件',
      '课程内容介绍',
      '培训方式',
      '主题分类',
      '讲师',
    ]) {
      const item = screen.getByText(label, { selector: 'label' });
      expect(item, label).toHaveClass('ant-form-item-required');
    }
    await user.click(screen.getByRole('button', { name: /保存并提交审核/ }));
    expect(await screen.findByText('提交审核前请上传封面')).toBeInTheDocument();
    expect(screen.getByText('请至少选择一位讲师')).toBeInTheDocument();
    // Saved all the same, and said so plainly.
    const notice = await screen.findByText('已保存为草稿，补全后可提交审核', {
      selector: '.ant-alert-title',
    });
    expect(notice.closest('[role="alert"]')).toBeInTheDocument();

    // Filling a field takes its error away.
    await user.type(screen.getByRole('textbox', { name: 'media:course_cover' }), 'm-cover');
    await waitFor(() => expect(screen.queryByText('提交审核前请上传封面')).not.toBeInTheDocument());
    expect(screen.getByText('请至少选择一位讲师')).toBeInTheDocument();
  });

  it('edits with If-Match, and offers a reload when someone else changed the course', async () => {
    const existing = {
      course: course({ status: 'pending' }, revision({ status: 'pending' })),
      etag: '"7"',
    };
    const { writes, onReload, user } = renderEditor(
      {
        '/api/v1/orgs/o1/courses/c1': problemReply(412, {
          code: 'precondition_failed',
          title: '内容已被修改',
        }),
      },
      existing,
    );
    const title = await screen.findByRole('textbox', { name: '课程标题' });
    expect(title).toHaveValue('跨境电商入门');
    expect(screen.queryByRole('button', { name: /保存并提交审核/ })).not.toBeInTheDocument();
    await user.type(title, '（修订）');
    await user.click(screen.getByRole('button', { name: /保\s*存/ }));

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('课程已被他人修改')).toBeInTheDocument();
    expect(writes()[0]!.method).toBe('PUT');
    expect(writes()[0]!.headers.get('If-Match')).toBe('"7"');
    expect(screen.getByRole('button', { name: /保\s*存/ })).toBeDisabled();
    await user.click(within(alert).getByRole('button', { name: /重新加载/ }));
    expect(onReload).toHaveBeenCalled();
  });
});
