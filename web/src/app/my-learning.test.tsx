import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { describe, expect, it } from 'vitest';

import { me, session, unreadReply } from '@/testing/fixtures';
import { stubApi, type Route } from '@/testing/test-utils';
import { setViewportWidth } from '@/testing/viewport';

import { AppProvider } from './provider';
import { routes } from './router';

// The first render of the whole app under jsdom takes a while.
const slow = { timeout: 8000 };

const records = [
  {
    class_id: 'c1',
    class_name: '跨境电商运营班',
    class_code: 'HN-2026-000021',
    org_name: '椰风培训有限公司',
    student_name: '王伟',
    total_effective_ms: 8_400_000,
    sessions: [
      {
        session_id: 'x1',
        title: '第一讲：平台规则',
        started_at: '2026-12-01T02:00:00Z',
        duration_ms: 9_000_000,
        effective_ms: 8_400_000,
        reported_live_ms: 8_400_000,
        reported_playback_ms: 1_800_000,
      },
      {
        session_id: 'x2',
        title: '第二讲：选品',
        started_at: null,
        duration_ms: 0,
        effective_ms: 0,
        reported_live_ms: 0,
        reported_playback_ms: 0,
      },
    ],
  },
];

function renderApp(path: string, routesOfApi: Record<string, Route>) {
  const stub = stubApi({
    '/api/v1/auth/refresh': { body: session('token-1') },
    '/api/v1/me': { body: me },
    '/api/v1/messages': unreadReply(0),
    ...routesOfApi,
  });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <AppProvider>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...stub, router, user: userEvent.setup() };
}

describe('my learning records', () => {
  it('is in the account menu and shows each class’s hours and sessions', async () => {
    const { router, user } = renderApp('/messages', {
      '/api/v1/messages': { body: { items: [], total: 0, page: 1, page_size: 20, unread: 0 } },
      '/api/v1/me/learning-records': { body: records },
    });

    await user.click(await screen.findByRole('button', { name: /138\*{4}8000/ }, slow));
    const menu = await screen.findByRole('menu', { name: '账号菜单' });
    await user.click(within(menu).getByRole('link', { name: '我的学习记录' }));
    expect(router.state.location.pathname).toBe('/my-learning');

    expect(await screen.findByRole('heading', { name: '跨境电商运营班' })).toBeInTheDocument();
    expect(screen.getByText('椰风培训有限公司')).toBeInTheDocument();
    expect(screen.getByText('班级编码 HN-2026-000021')).toBeInTheDocument();
    expect(screen.getByText('学员：王伟')).toBeInTheDocument();
    expect(screen.getByText('有效直播学时')).toBeInTheDocument();
    expect(screen.getByText('2.33')).toBeInTheDocument();

    const sessions = screen.getByRole('region', { name: '“跨境电商运营班”的直播场次' });
    const [first, second] = within(sessions).getAllByRole('listitem');
    expect(within(first!).getByText('第一讲：平台规则')).toBeInTheDocument();
    expect(within(first!).getByText(/2026/)).toBeInTheDocument();
    expect(within(first!).getByText('2.33 小时')).toBeInTheDocument();
    expect(within(first!).getByText('直播观看 2.33 小时')).toBeInTheDocument();
    expect(within(first!).getByText('回放观看 0.5 小时')).toBeInTheDocument();
    expect(within(second!).getByText('未开始')).toBeInTheDocument();
    expect(screen.getByText(/回放观看仅供参考，不计入补贴学时/)).toBeInTheDocument();
  });

  it('explains on a phone when records will appear', async () => {
    setViewportWidth(375);
    const { user } = renderApp('/my-learning', { '/api/v1/me/learning-records': { body: [] } });

    expect(await screen.findByText('还没有学习记录', {}, slow)).toBeInTheDocument();
    expect(screen.getByText(/企业用您的手机号导入并激活您为学员后/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '菜单' }));
    const drawer = await screen.findByRole('dialog');
    expect(await within(drawer).findByRole('link', { name: '我的学习记录' })).toHaveAttribute(
      'href',
      '/my-learning',
    );
  });

  it('is linked from the user center', async () => {
    renderApp('/user-center', {
      '/api/v1/orgs': { body: [] },
      '/api/v1/me/identities': { body: [] },
      '/api/v1/auth/sso/providers': { body: [] },
    });
    const card = (await screen.findByText('我的学习记录', {}, slow)).closest(
      '.ant-card',
    ) as HTMLElement;
    expect(within(card).getByRole('link', { name: /查看学习记录/ })).toHaveAttribute(
      'href',
      '/my-learning',
    );
  });
});
