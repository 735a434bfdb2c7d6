import { act, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { i18n } from '@/lib/i18n';
import { endSession, startSession } from '@/lib/session';
import { me } from '@/testing/fixtures';
import {
  bodyOf,
  problemReply,
  renderWithProviders,
  stubApi,
  type Route,
} from '@/testing/test-utils';

import { classroomEnums, comments, myStatus, publicCourse } from '../test-fixtures';

import { CourseDetail } from './course-detail';

const watching = (studiedMs: number) => ({
  status: 201,
  body: { id: 'w1', heartbeat_secs: 15, credited_ms: 0, studied_ms: studiedMs },
});

function renderCourse(routes: Record<string, Route>, course: unknown = publicCourse) {
  const stub = stubApi({
    '/api/v1/courses/c1': { body: course },
    '/api/v1/courses/c1/comments': { body: comments },
    '/api/v1/meta/enums': { body: classroomEnums },
    '/api/v1/courses/c1/me': { body: myStatus() },
    '/api/v1/me': { body: me },
    ...routes,
  });
  const rendered = renderWithProviders(<CourseDetail courseId="c1" />, {
    path: '/classroom/courses/c1',
  });
  const count = (suffix: string) => stub.requests.filter((r) => r.url.endsWith(suffix)).length;
  return { ...stub, ...rendered, count, user: userEvent.setup() };
}

/** Moves the faked intervals on, letting React apply what they change. */
const tick = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));
/** Waits (polling on real timers) for `check` to pass, letting React apply the answers. */
const until = (check: () => void) => act(() => vi.waitFor(check));

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('CourseDetail', () => {
  it('shows the course: video, facts, introduction, lecturers, provider and comments', async () => {
    endSession();
    renderCourse({});

    const video = await screen.findByLabelText('课程视频：跨境电商入门与选品');
    expect(video.tagName).toBe('VIDEO');
    expect(video).toHaveAttribute('controls');
    expect(video).toHaveAttribute(
      'src',
      `${window.location.origin}/media/m-video?expires=1900000000&signature=abc`,
    );
    expect(video).toHaveAttribute('poster', `${window.location.origin}/media/m-cover-1`);
    expect(screen.getByRole('heading', { level: 1, name: '跨境电商入门与选品' })).toBeVisible();
    expect(screen.getByText('评分 4.5 / 5，2 人评价')).toBeInTheDocument();
    expect(screen.getByText('从平台规则到选品方法，带你完成第一个跨境店铺。')).toBeVisible();
    expect(screen.getByRole('img', { name: '跨境电商入门与选品 课程详情图' })).toBeInTheDocument();

    const lecturers = screen.getByRole('list', { name: '讲师' });
    expect(within(lecturers).getAllByRole('listitem')).toHaveLength(2);
    expect(within(lecturers).getByText('陈静')).toBeVisible();
    expect(within(lecturers).getByText('国际物流与海外仓专家。')).toBeVisible();

    expect(screen.getByRole('link', { name: '查看供应商' })).toHaveAttribute(
      'href',
      '/classroom/providers/p1',
    );
    expect(await screen.findByText('讲得很清楚，选品部分特别实用。')).toBeVisible();
    expect(screen.getByText('谢谢支持，后续会更新更多案例！')).toBeVisible();
    // Signed out: no personal status asked; a way to sign in.
    expect(screen.getByText(/登录后观看视频/)).toBeInTheDocument();
  });

  it('says so when the course is not (or no longer) listed', async () => {
    renderCourse({
      '/api/v1/courses/c1': problemReply(404, { code: 'not_found', title: '内容不存在' }),
    });

    expect(await screen.findByText('课程不存在或已下架')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /返回云课堂/ })).toHaveAttribute('href', '/classroom');
  });

  it('keeps study time while playing: a viewing on play, a report every heartbeat, none after pause', async () => {
    // Only the intervals are faked. testing-library's `waitFor` polls with setInterval, so
    // here it re-checks only on DOM changes; `vi.waitFor` polls on real timers and also sees
    // requests that change nothing on screen.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    startSession('token-1');
    let studied = 60_000;
    const { requests, count } = renderCourse({
      '/api/v1/courses/c1/me': { body: myStatus(60_000) },
      '/api/v1/courses/c1/watch-sessions': watching(60_000),
      '/api/v1/watch-sessions/w1/heartbeat': () => {
        studied += 30_000;
        return { body: { id: 'w1', heartbeat_secs: 15, credited_ms: 0, studied_ms: studied } };
      },
    });

    const video = await screen.findByLabelText('课程视频：跨境电商入门与选品');
    expect(await screen.findByText('已学习 1 分钟')).toBeInTheDocument();
    const timers = vi.getTimerCount();
    await tick(60_000);
    expect(count('/watch-sessions')).toBe(0);

    fireEvent.play(video);
    await until(() => expect(vi.getTimerCount()).toBe(timers + 1));
    expect(count('/courses/c1/watch-sessions')).toBe(1);
    const start = requests.find((r) => r.url.endsWith('/watch-sessions'))!;
    expect(start.method).toBe('POST');
    expect(start.headers.get('Authorization')).toBe('Bearer token-1');

    await tick(15_000);
    await until(() => expect(count('/heartbeat')).toBe(1));
    await tick(15_000);
    await until(() => expect(count('/heartbeat')).toBe(2));
    // The shown minutes follow the server's answer (60 s + 2 × 30 s).
    expect(await screen.findByText('已学习 2 分钟')).toBeInTheDocument();

    // Pausing reports the part played since the last report, then stops.
    fireEvent.pause(video);
    await until(() => expect(count('/heartbeat')).toBe(3));
    expect(vi.getTimerCount()).toBe(timers);
    await tick(120_000);
    expect(count('/heartbeat')).toBe(3);

    // Playing again is a new viewing: paused time is never reported as watched.
    fireEvent.play(video);
    await until(() => expect(vi.getTimerCount()).toBe(timers + 1));
    expect(count('/courses/c1/watch-sessions')).toBe(2);
    fireEvent.ended(video);
    await until(() => expect(vi.getTimerCount()).toBe(timers));
  });

  it('stops reporting and says so when another page took over (409 stream_superseded)', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const pause = vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(() => {});
    startSession('token-1');
    const { count } = renderCourse({
      '/api/v1/courses/c1/watch-sessions': watching(0),
      '/api/v1/watch-sessions/w1/heartbeat': problemReply(409, {
        code: 'stream_superseded',
        title: '已在其他设备或页面继续观看',
      }),
    });

    const video = await screen.findByLabelText('课程视频：跨境电商入门与选品');
    await screen.findByText('已学习 0 分钟');
    const timers = vi.getTimerCount();
    fireEvent.play(video);
    await until(() => expect(vi.getTimerCount()).toBe(timers + 1));
    await tick(15_000);

    expect(await screen.findByText('已在其他页面继续学习')).toBeVisible();
    expect(pause).toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(timers);
    await tick(60_000);
    expect(count('/heartbeat')).toBe(1);
  });

  it('keeps no study time for a signed-out viewer', async () => {
    endSession();
    const { count } = renderCourse({});
    const video = await screen.findByLabelText('课程视频：跨境电商入门与选品');
    await screen.findByText('讲得很清楚，选品部分特别实用。');
    fireEvent.play(video);
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(count('/watch-sessions')).toBe(0);
    expect(count('/courses/c1/me')).toBe(0);
  });
});

describe('CourseDetail for a live course', () => {
  const hour = 60 * 60 * 1000;
  const live = (startsIn: number) => ({
    ...publicCourse,
    delivery: 'live',
    video_url: null,
    live_starts_at: new Date(Date.now() + startsIn).toISOString(),
    live_ends_at: new Date(Date.now() + startsIn + 2 * hour).toISOString(),
    capacity: 30,
  });

  it('enrolls, showing the places left, and the refusal by its code', async () => {
    startSession('token-1');
    const { requests, user } = renderCourse(
      {
        '/api/v1/courses/c1/me': { body: myStatus(0, { places_left: 1 }) },
        '/api/v1/courses/c1/enrollment': problemReply(409, {
          code: 'course_full',
          title: '名额已满（服务器）',
        }),
      },
      live(48 * hour),
    );

    expect(await screen.findByText(/名额/)).toBeInTheDocument();
    expect(await screen.findByText('30 人 · 剩余 1 个')).toBeInTheDocument();
    // The live's state and the viewer's part, never the video's study time (issue 21 item 9).
    expect(screen.getByText('未开始')).toBeInTheDocument();
    expect(screen.getByText('未报名')).toBeInTheDocument();
    expect(screen.queryByText(/已学习/)).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /^报\s*名$/ }));
    const dialog = await screen.findByRole('dialog', { name: '报名信息' });
    await user.type(within(dialog).getByLabelText('姓名'), '王伟');
    await user.click(within(dialog).getByRole('button', { name: '确认报名' }));

    // No detail changes a full course: the dialog closes and the page says why.
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('名额已满');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    const enroll = requests.find((r) => r.url.endsWith('/enrollment'))!;
    expect(enroll.method).toBe('POST');
  });

  it('asks the learner’s name and company before enrolling, and sends them', async () => {
    startSession('token-1');
    const enrolled = myStatus(0, { places_left: 29, enrolled_at: new Date().toISOString() });
    const { requests, user } = renderCourse(
      {
        '/api/v1/me': { body: { ...me, display_name: '王伟' } },
        '/api/v1/courses/c1/me': { body: myStatus(0, { places_left: 30 }) },
        '/api/v1/courses/c1/enrollment': { status: 201, body: enrolled },
      },
      live(48 * hour),
    );

    await user.click(await screen.findByRole('button', { name: /^报\s*名$/ }));
    const dialog = await screen.findByRole('dialog', { name: '报名信息' });
    // Prefilled from the account's name; 单位 is optional.
    const name = within(dialog).getByLabelText('姓名');
    expect(name).toHaveValue('王伟');
    await user.clear(name);
    await user.click(within(dialog).getByRole('button', { name: '确认报名' }));
    expect(await within(dialog).findByText('请输入姓名')).toBeInTheDocument();
    expect(requests.filter((r) => r.url.endsWith('/enrollment'))).toHaveLength(0);

    await user.type(name, '  王小伟 ');
    await user.type(within(dialog).getByLabelText('单位'), '海南椰风科技有限公司');
    await user.click(within(dialog).getByRole('button', { name: '确认报名' }));
    expect(await screen.findByText('已报名')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(await bodyOf(requests.find((r) => r.url.endsWith('/enrollment')))).toEqual({
      name: '王小伟',
      company: '海南椰风科技有限公司',
    });
  });

  it('starts 姓名 empty for an account named after its masked mobile, and shows the server’s refusal under it', async () => {
    startSession('token-1');
    const { requests, user } = renderCourse(
      {
        '/api/v1/courses/c1/me': { body: myStatus(0, { places_left: 30 }) },
        '/api/v1/courses/c1/enrollment': problemReply(422, {
          code: 'validation_failed',
          title: '提交的信息有误',
          errors: [{ field: 'name', code: 'length', message: '姓名长度应为 1–30 个字' }],
        }),
      },
      live(48 * hour),
    );

    await user.click(await screen.findByRole('button', { name: /^报\s*名$/ }));
    const dialog = await screen.findByRole('dialog', { name: '报名信息' });
    expect(within(dialog).getByLabelText('姓名')).toHaveValue(''); // not 138****8000
    await user.type(within(dialog).getByLabelText('姓名'), '王伟');
    await user.click(within(dialog).getByRole('button', { name: '确认报名' }));
    const item = within(dialog).getByLabelText('姓名').closest<HTMLElement>('.ant-form-item')!;
    expect(await within(item).findByText('姓名长度应为 1–30 个字')).toBeInTheDocument();
    expect(await bodyOf(requests.find((r) => r.url.endsWith('/enrollment')))).toEqual({
      name: '王伟',
    });
    // Cancelled: nothing sent again, no refusal left on the page.
    await user.click(within(dialog).getByRole('button', { name: /取\s*消/ }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByText('未报名')).toBeInTheDocument();
  });

  it('words the dialog in English', async () => {
    startSession('token-1');
    await i18n.changeLanguage('en');
    try {
      const { user } = renderCourse(
        { '/api/v1/courses/c1/me': { body: myStatus(0, { places_left: 30 }) } },
        live(48 * hour),
      );
      await user.click(await screen.findByRole('button', { name: /^Enroll$/ }));
      const dialog = await screen.findByRole('dialog', { name: 'Enrollment details' });
      await user.click(within(dialog).getByRole('button', { name: 'Enroll' }));
      expect(await within(dialog).findByText('Enter your name')).toBeInTheDocument();
      expect(within(dialog).getByLabelText('Company')).toBeInTheDocument();
    } finally {
      await i18n.changeLanguage('zh-CN');
    }
  });

  it('shows 已报名 after enrolling, and the sign-in button once the window opens', async () => {
    startSession('token-1');
    const enrolled = myStatus(0, { places_left: 29, enrolled_at: new Date().toISOString() });
    const { requests, user } = renderCourse(
      {
        '/api/v1/courses/c1/me': { body: myStatus(0, { places_left: 30 }) },
        '/api/v1/courses/c1/enrollment': { status: 201, body: enrolled },
        '/api/v1/courses/c1/sign-in': {
          status: 201,
          body: { ...enrolled, signed_in_at: new Date().toISOString() },
        },
      },
      live(10 * 60 * 1000), // starts in 10 minutes: sign-in is open
    );

    await user.click(await screen.findByRole('button', { name: /^报\s*名$/ }));
    const dialog = await screen.findByRole('dialog', { name: '报名信息' });
    await user.type(within(dialog).getByLabelText('姓名'), '王伟');
    await user.click(within(dialog).getByRole('button', { name: '确认报名' }));
    expect(await screen.findByText('已报名')).toBeInTheDocument();
    expect(screen.getByText('30 人 · 剩余 29 个')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /^签\s*到$/ }));
    expect(await screen.findByText('已签到')).toBeInTheDocument();
    expect(await bodyOf(requests.find((r) => r.url.endsWith('/sign-in')))).toEqual({});
  });

  it('sends the signed-out visitor to sign in before enrolling', async () => {
    endSession();
    renderCourse({}, live(48 * 60 * 60 * 1000));
    expect(await screen.findByRole('link', { name: /登录后报名/ })).toHaveAttribute(
      'href',
      '/login?next=%2Fclassroom%2Fcourses%2Fc1',
    );
    expect(screen.getByText('直播时间')).toBeInTheDocument();
    expect(screen.queryByText(/登录后观看视频/)).not.toBeInTheDocument();
  });
});

describe('CourseDetail sign-in refusal', () => {
  it('shows why the sign-in was refused', async () => {
    startSession('token-1');
    const starts = new Date(Date.now() - 60_000).toISOString();
    const ends = new Date(Date.now() + 60 * 60_000).toISOString();
    const { requests, user } = renderCourse(
      {
        '/api/v1/courses/c1/me': {
          body: myStatus(0, { places_left: 0, enrolled_at: '2026-11-20T08:00:00Z' }),
        },
        '/api/v1/courses/c1/sign-in': problemReply(409, {
          code: 'sign_in_closed',
          title: '不在签到时间',
        }),
      },
      {
        ...publicCourse,
        live_starts_at: starts,
        live_ends_at: ends,
        capacity: 30,
      },
    );
    await user.click(await screen.findByRole('button', { name: /^签\s*到$/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('当前不在签到时间内');
    expect(await bodyOf(requests.find((r) => r.url.endsWith('/sign-in')))).toEqual({});
  });
});
