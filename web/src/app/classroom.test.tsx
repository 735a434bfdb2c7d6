import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { describe, expect, it } from 'vitest';

import {
  categories,
  classroomEnums,
  coursePage,
  courseCard,
  providerCards,
  publicCourse,
  comments,
  myStatus,
} from '@/features/classroom/test-fixtures';
import { me, session, unreadReply } from '@/testing/fixtures';
import { bodyOf, problemReply, stubApi, type Route } from '@/testing/test-utils';
import { setViewportWidth } from '@/testing/viewport';

import { AppProvider } from './provider';
import { routes } from './router';

const noSession = problemReply(401, {
  code: 'refresh_token_invalid',
  title: '登录已失效，请重新登录',
});
const signedIn = {
  '/api/v1/auth/refresh': { body: session('token-1') },
  '/api/v1/me': { body: me },
  '/api/v1/messages': unreadReply(0),
};

const twelve = Array.from({ length: 12 }, (_, i) => courseCard(i + 1));

/** GET /courses answering by its query: `category=live_commerce` narrows to one course. */
const catalog: Route = (request) => {
  const query = new URL(request.url).searchParams;
  if (query.get('q') === '没有') return { body: coursePage([], 0) };
  if (query.get('category') === 'live_commerce') {
    return {
      body: coursePage([
        courseCard(7, {
          title: '直播电商从零到一',
          category_code: 'live_commerce',
          category_name_zh: '直播电商',
          rating_average: 5,
          rating_count: 1,
        }),
      ]),
    };
  }
  const page = Number(query.get('page') ?? '1');
  return { body: coursePage(page === 1 ? twelve : [courseCard(13)], 13, page) };
};

function renderApp(path: string, routesOfApi: Record<string, Route> = {}) {
  const stub = stubApi({
    '/api/v1/auth/refresh': noSession,
    '/api/v1/meta/enums': { body: classroomEnums },
    '/api/v1/categories': { body: categories },
    '/api/v1/providers': { body: providerCards },
    '/api/v1/courses': catalog,
    ...routesOfApi,
  });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <AppProvider>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  const catalogRequests = () =>
    stub.requests
      .filter((r) => new URL(r.url).pathname === '/api/v1/courses')
      .map((r) => Object.fromEntries(new URL(r.url).searchParams));
  return { ...stub, router, catalogRequests, user: userEvent.setup() };
}

describe('/classroom', () => {
  it('lists course cards, newest first as the API sends them, with the provider logos', async () => {
    const { catalogRequests } = renderApp('/classroom');

    const list = await screen.findByRole('list', { name: '课程列表' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(12);
    const first = within(list).getByRole('link', { name: '课程 1' });
    expect(first).toHaveAttribute('href', '/classroom/courses/c1');
    expect(within(first).getByText('海口数字贸易学院')).toBeInTheDocument();
    expect(within(first).getByText('跨境电商实务')).toBeInTheDocument();
    expect(within(first).getByText('暂无评分')).toBeInTheDocument();
    expect(await within(first).findByText('线上')).toBeInTheDocument();
    expect(screen.getByText('共 13 门课程')).toBeInTheDocument();
    expect(catalogRequests()[0]).toEqual({ page: '1', page_size: '12' });

    const logos = await screen.findByRole('region', { name: '合作供应商' });
    expect(within(logos).getByRole('link', { name: '海口数字贸易学院' })).toHaveAttribute(
      'href',
      '/classroom/providers/p1',
    );
    expect(within(logos).getByRole('link', { name: '三亚职业培训中心' })).toBeInTheDocument();
    // Each logo at its uploaded size (185×74), with the provider's introduction.
    const logo = within(logos).getByRole('link', { name: '海口数字贸易学院' }).querySelector('img');
    expect(logo).toHaveAttribute('width', '185');
    expect(logo).toHaveAttribute('height', '74');
    expect(
      within(logos).getByText('面向自贸港企业的跨境电商与数字贸易实训机构。'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /成为供应商/ })).toHaveAttribute('href', '/provider');
  });

  it('keeps filters, search and page in the address and asks the API for them', async () => {
    const { router, catalogRequests, user } = renderApp('/classroom');
    await screen.findByRole('list', { name: '课程列表' });

    await user.click(screen.getByRole('combobox', { name: '课程分类' }));
    await user.click(await screen.findByTitle('直播电商'));
    await screen.findByRole('link', { name: '直播电商从零到一' });
    expect(router.state.location.search).toBe('?category=live_commerce');
    expect(catalogRequests().at(-1)).toEqual({
      category: 'live_commerce',
      page: '1',
      page_size: '12',
    });
    expect(screen.getByText('评分 5.0 / 5，1 人评价')).toBeInTheDocument();

    // The radio input is visually hidden; people click its label.
    await user.click(
      within(screen.getByRole('radiogroup', { name: '培训方式' })).getByText('线下'),
    );
    await waitFor(() =>
      expect(router.state.location.search).toBe('?category=live_commerce&mode=offline'),
    );
    await waitFor(() => expect(catalogRequests().at(-1)).toMatchObject({ mode: 'offline' }));

    await user.click(screen.getByRole('combobox', { name: '供应商' }));
    await user.click(await screen.findByTitle('三亚职业培训中心'));
    await waitFor(() => expect(catalogRequests().at(-1)).toMatchObject({ provider_id: 'p2' }));

    await user.type(screen.getByRole('searchbox', { name: '搜索课程名称' }), '直播{Enter}');
    await waitFor(() =>
      expect(catalogRequests().at(-1)).toEqual({
        category: 'live_commerce',
        mode: 'offline',
        provider_id: 'p2',
        q: '直播',
        page: '1',
        page_size: '12',
      }),
    );
    expect(router.state.location.search).toBe(
      '?category=live_commerce&mode=offline&provider_id=p2&q=%E7%9B%B4%E6%92%AD',
    );

    // The back button undoes one step at a time (the list comes from the cache).
    await act(() => router.navigate(-1));
    expect(router.state.location.search).toBe(
      '?category=live_commerce&mode=offline&provider_id=p2',
    );
    expect(screen.getByRole('searchbox', { name: '搜索课程名称' })).toHaveValue('');

    await user.click(screen.getByRole('button', { name: '清除筛选' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
    await user.click(await screen.findByTitle('2'));
    await waitFor(() => expect(router.state.location.search).toBe('?page=2'));
    expect(await screen.findByRole('link', { name: '课程 13' })).toBeInTheDocument();
    expect(catalogRequests().at(-1)).toEqual({ page: '2', page_size: '12' });
  });

  it('opens a shared address with its filters, ignoring values that are not valid', async () => {
    const { catalogRequests } = renderApp('/classroom?category=live_commerce&mode=bogus&page=x');
    await screen.findByRole('link', { name: '直播电商从零到一' });
    expect(catalogRequests()[0]).toEqual({ category: 'live_commerce', page: '1', page_size: '12' });
    // The select shows the chosen topic (its title is the label).
    // The filter shows the topic (the card's tag carries it as its title too).
    const titled = await screen.findAllByTitle('直播电商');
    expect(titled.some((element) => element.classList.contains('ant-select-content'))).toBe(true);
  });

  it('says so when nothing matches, and clears the filters', async () => {
    const { router, user } = renderApp('/classroom?q=没有');

    expect(await screen.findByText('没有找到符合条件的课程')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '清除筛选，查看全部课程' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(await screen.findByRole('list', { name: '课程列表' })).toBeInTheDocument();
  });

  it('folds the filters into a panel on a phone', async () => {
    setViewportWidth(375);
    const { router, user } = renderApp('/classroom');
    await screen.findByRole('list', { name: '课程列表' });

    const toggle = screen.getByRole('button', { name: /筛\s*选/ });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('combobox', { name: '课程分类' })).not.toBeInTheDocument();
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await user.click(screen.getByRole('combobox', { name: '课程分类' }));
    await user.click(await screen.findByTitle('直播电商'));
    await waitFor(() => expect(router.state.location.search).toBe('?category=live_commerce'));
  });
});

describe('/classroom/courses/:courseId', () => {
  it('shows the course, and study time to a signed-in viewer', async () => {
    renderApp('/classroom/courses/c1', {
      ...signedIn,
      '/api/v1/courses/c1': { body: publicCourse },
      '/api/v1/courses/c1/comments': { body: comments },
      '/api/v1/courses/c1/me': { body: myStatus(12 * 60_000 + 5_000) },
    });

    expect(
      await screen.findByRole('heading', { level: 1, name: '跨境电商入门与选品' }),
    ).toBeVisible();
    expect(screen.getByLabelText('课程视频：跨境电商入门与选品').tagName).toBe('VIDEO');
    expect(await screen.findByText('已学习 12 分钟')).toBeInTheDocument();
    expect(
      within(screen.getByRole('menu', { name: '菜单' })).getByRole('menuitem', {
        name: '人才培养·云课堂',
      }),
    ).toHaveClass('ant-menu-item-selected');
  });

  it('answers a course that is not listed with a friendly 404', async () => {
    renderApp('/classroom/courses/nope', {
      '/api/v1/courses/nope': problemReply(404, { code: 'not_found', title: '内容不存在' }),
    });
    expect(await screen.findByText('课程不存在或已下架')).toBeInTheDocument();
  });
});

describe('/classroom/providers/:providerId', () => {
  it("shows the provider's profile and its courses", async () => {
    const { catalogRequests } = renderApp('/classroom/providers/p1', {
      '/api/v1/providers/p1': { body: providerCards[0] },
    });

    expect(
      await screen.findByRole('heading', { level: 1, name: '海口数字贸易学院' }),
    ).toBeVisible();
    expect(screen.getByText('海口市龙华区滨海大道 88 号')).toBeVisible();
    expect(screen.getByText('面向自贸港企业的跨境电商与数字贸易实训机构。')).toBeVisible();
    expect(screen.getByRole('img', { name: '海口数字贸易学院' })).toHaveAttribute(
      'src',
      `${window.location.origin}/media/m-logo-1`,
    );
    const list = await screen.findByRole('list', { name: '海口数字贸易学院 的课程' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(12);
    expect(catalogRequests()[0]).toEqual({ provider_id: 'p1', page: '1', page_size: '12' });
  });

  it('answers an unknown provider with a 404', async () => {
    renderApp('/classroom/providers/nope', {
      '/api/v1/providers/nope': problemReply(404, { code: 'not_found', title: '内容不存在' }),
    });
    expect(await screen.findByText('供应商不存在')).toBeInTheDocument();
  });
});

describe('/classroom/courses/:courseId/sign-in (the QR code)', () => {
  it('sends a signed-out visitor to sign in, then back to it', async () => {
    const { router } = renderApp('/classroom/courses/c1/sign-in?code=123.abc');
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(router.state.location.search).toBe(
      `?next=${encodeURIComponent('/classroom/courses/c1/sign-in?code=123.abc')}`,
    );
  });

  it('signs an enrolled visitor in with the code at once, once', async () => {
    const { requests } = renderApp('/courses/c1/sign-in?code=123.abc', {
      ...signedIn,
      '/api/v1/courses/c1': { body: publicCourse },
      '/api/v1/courses/c1/me': { body: myStatus(0, { enrolled_at: '2026-11-20T08:00:00Z' }) },
      '/api/v1/courses/c1/sign-in': {
        status: 201,
        body: myStatus(0, { signed_in_at: '2026-11-22T08:00:00Z' }),
      },
    });

    expect(await screen.findByText('签到成功')).toBeInTheDocument();
    const signIns = requests.filter((r) => r.url.endsWith('/sign-in'));
    expect(signIns).toHaveLength(1);
    expect(await bodyOf(signIns[0])).toEqual({ code: '123.abc' });
    expect(screen.getByRole('link', { name: /查看课程/ })).toHaveAttribute(
      'href',
      '/classroom/courses/c1',
    );
  });

  it('asks a walk-in’s name and company before signing in with the code', async () => {
    const { requests, user } = renderApp('/courses/c1/sign-in?code=123.abc', {
      ...signedIn,
      '/api/v1/courses/c1': { body: publicCourse },
      '/api/v1/courses/c1/me': { body: myStatus(0) },
      '/api/v1/courses/c1/sign-in': [
        problemReply(422, {
          code: 'validation_failed',
          title: '提交的信息有误',
          errors: [{ field: 'company', code: 'length', message: '单位名称过长' }],
        }),
        { status: 201, body: myStatus(0, { signed_in_at: '2026-11-22T08:00:00Z' }) },
      ],
    });

    const dialog = await screen.findByRole('dialog', { name: '签到信息' });
    const signIns = () => requests.filter((r) => r.url.endsWith('/sign-in'));
    expect(signIns()).toHaveLength(0);
    // The account is named after its masked mobile: no one's name, so 姓名 starts empty.
    expect(within(dialog).getByLabelText('姓名')).toHaveValue('');
    await user.click(within(dialog).getByRole('button', { name: '确认签到' }));
    expect(await within(dialog).findByText('请输入姓名')).toBeInTheDocument();

    await user.type(within(dialog).getByLabelText('姓名'), '李芳');
    await user.type(within(dialog).getByLabelText('单位'), '海口某某公司');
    await user.click(within(dialog).getByRole('button', { name: '确认签到' }));
    expect(await within(dialog).findByText('单位名称过长')).toBeInTheDocument();
    await user.clear(within(dialog).getByLabelText('单位'));
    await user.click(within(dialog).getByRole('button', { name: '确认签到' }));

    expect(await screen.findByText('签到成功')).toBeInTheDocument();
    expect(signIns()).toHaveLength(2);
    expect(await bodyOf(signIns()[0])).toEqual({
      code: '123.abc',
      name: '李芳',
      company: '海口某某公司',
    });
    expect(await bodyOf(signIns()[1])).toEqual({ code: '123.abc', name: '李芳' });
  });

  it('says when the code has expired', async () => {
    renderApp('/classroom/courses/c1/sign-in?code=old', {
      ...signedIn,
      '/api/v1/courses/c1': { body: publicCourse },
      '/api/v1/courses/c1/me': { body: myStatus(0, { enrolled_at: '2026-11-20T08:00:00Z' }) },
      '/api/v1/courses/c1/sign-in': problemReply(422, {
        code: 'validation_failed',
        title: '提交的内容有误',
        errors: [{ field: 'code', code: 'sign_in_code_expired', message: '签到码已过期' }],
      }),
    });
    expect(await screen.findByText('签到码已过期，请重新扫描现场二维码')).toBeInTheDocument();
  });

  it('takes the six digits shown beside the QR from someone who cannot scan it', async () => {
    const { requests, user } = renderApp('/courses/c1/sign-in', {
      ...signedIn,
      '/api/v1/courses/c1': { body: publicCourse },
      '/api/v1/courses/c1/me': { body: myStatus(0, { enrolled_at: '2026-11-20T08:00:00Z' }) },
      '/api/v1/courses/c1/sign-in': {
        status: 201,
        body: myStatus(0, { signed_in_at: '2026-11-22T08:00:00Z' }),
      },
    });

    const typed = await screen.findByRole('textbox', { name: '签到码' });
    await user.type(typed, '12 34');
    await user.click(screen.getByRole('button', { name: /^签\s*到$/ }));
    expect(await screen.findByText('请输入 6 位数字签到码')).toBeInTheDocument();
    await user.type(typed, '56');
    await user.click(screen.getByRole('button', { name: /^签\s*到$/ }));

    expect(await screen.findByText('签到成功')).toBeInTheDocument();
    const signIns = requests.filter((r) => r.url.endsWith('/sign-in'));
    expect(await bodyOf(signIns[0])).toEqual({ code: '123456' });
  });
});
