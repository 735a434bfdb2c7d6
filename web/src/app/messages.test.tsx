import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { describe, expect, it } from 'vitest';

import { getUnreadCountQueryOptions } from '@/hooks/use-unread-messages';
import { enums, me, session } from '@/testing/fixtures';
import { stubApi, type Reply, type Route } from '@/testing/test-utils';
import { setViewportWidth } from '@/testing/viewport';

import { AppProvider } from './provider';
import { routes } from './router';

type Message = {
  id: string;
  kind: string;
  title: string;
  body: string;
  org_id: string | null;
  created_at: string;
  read: boolean;
};

const message = (n: number, read = false): Message => ({
  id: `m${n}`,
  kind: n === 1 ? 'org.certified' : 'course.approved',
  title: n === 1 ? '企业认证已通过' : `课程审核通过 ${n}`,
  body: n === 1 ? '已通过海易办法人账号完成企业认证。' : `第 ${n} 门课程已上架。`,
  org_id: 'o1',
  created_at: `2026-11-${String(10 + n).padStart(2, '0')}T08:00:00Z`,
  read,
});

/** The message endpoints over an in-memory inbox, newest first, as the API pages them. */
function inbox(messages: Message[]): Record<string, Route> {
  const newestFirst = [...messages].sort((a, b) => b.created_at.localeCompare(a.created_at));
  const routes: Record<string, Route> = {
    '/api/v1/messages': (request): Reply => {
      const query = new URL(request.url).searchParams;
      const page = Number(query.get('page') ?? 1);
      const pageSize = Number(query.get('page_size') ?? 20);
      return {
        body: {
          items: newestFirst.slice((page - 1) * pageSize, page * pageSize),
          total: newestFirst.length,
          page,
          page_size: pageSize,
          unread: newestFirst.filter((m) => !m.read).length,
        },
      };
    },
    '/api/v1/messages/read-all': () => {
      for (const m of newestFirst) m.read = true;
      return { status: 204 };
    },
  };
  for (const m of newestFirst) {
    routes[`/api/v1/messages/${m.id}/read`] = () => {
      m.read = true;
      return { status: 204 };
    };
  }
  return routes;
}

// The first render of the whole app under jsdom takes a while.
const slow = { timeout: 5000 };

function renderApp(path: string, routesOfApi: Record<string, Route>) {
  const stub = stubApi({
    '/api/v1/auth/refresh': { body: session('token-1') },
    '/api/v1/me': { body: me },
    '/api/v1/meta/enums': { body: enums },
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

describe('message center', () => {
  it('shows the unread count in the header, marks one read when opened and all at once', async () => {
    const { requests, user } = renderApp(
      '/messages',
      inbox([message(1), message(2), message(3, true)]),
    );

    expect(await screen.findByText('共 3 条，2 条未读', {}, slow)).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: '消息中心（2 条未读）' })).toBeInTheDocument();
    const certified = screen.getByText('企业认证已通过');
    expect(certified.closest('.message')).toHaveClass('unread');
    expect(screen.getByText('课程审核通过 3').closest('.message')).toHaveClass('read');
    expect(screen.getByText('企业认证', { selector: '.ant-tag' })).toBeInTheDocument();

    await user.click(certified);
    expect(await screen.findByText('已通过海易办法人账号完成企业认证。')).toBeInTheDocument();
    await waitFor(() =>
      expect(requests.some((r) => new URL(r.url).pathname === '/api/v1/messages/m1/read')).toBe(
        true,
      ),
    );
    expect(await screen.findByRole('link', { name: '消息中心（1 条未读）' })).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByText('企业认证已通过').closest('.message')).toHaveClass('read'),
    );

    await user.click(screen.getByRole('button', { name: /全部已读/ }));
    expect(await screen.findByText('共 3 条，0 条未读')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '消息中心' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /条未读/ })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: /全部已读/ })).toBeDisabled();
  });

  it('pages through the messages', async () => {
    const many = Array.from({ length: 12 }, (_, i) => message(i + 1, true));
    const { router, user } = renderApp('/messages', inbox(many));

    expect(await screen.findByText('课程审核通过 12')).toBeInTheDocument();
    expect(screen.queryByText('企业认证已通过')).not.toBeInTheDocument();
    await user.click(screen.getByRole('listitem', { name: '2' }));

    expect(await screen.findByText('企业认证已通过')).toBeInTheDocument();
    expect(router.state.location.search).toBe('?page=2');
  });

  it('shows kinds it has no wording for as the server titled them', async () => {
    const suspended: Message = {
      ...message(1),
      id: 'm8',
      kind: 'org.members_suspended',
      title: '请确认认证前加入的成员',
      body: '企业已通过海易办认证，2 名认证前加入的成员已暂停，请在子账号中保留或移除。',
    };
    const unknown: Message = { ...message(2), id: 'm9', kind: 'future.thing', title: '新功能' };
    const { user } = renderApp('/messages', inbox([suspended, unknown]));

    const title = await screen.findByText('请确认认证前加入的成员', {}, slow);
    expect(
      within(title.closest<HTMLElement>('.message')!).getByText('企业认证'),
    ).toBeInTheDocument();
    const other = screen.getByText('新功能').closest<HTMLElement>('.message')!;
    expect(within(other).getByText('通知')).toBeInTheDocument();
    await user.click(title);
    expect(await screen.findByText(/2 名认证前加入的成员已暂停/)).toBeInTheDocument();
  });

  it('says when there are none', async () => {
    renderApp('/messages', inbox([]));
    expect(await screen.findByText('暂无消息')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /全部已读/ })).toBeDisabled();
  });

  it('asks the server again for the count every minute', () => {
    expect(getUnreadCountQueryOptions().refetchInterval).toBe(60_000);
  });
});

describe('header', () => {
  it('offers the enterprise and the messages in the account menu', async () => {
    const { user } = renderApp('/messages', inbox([message(1)]));

    await user.click(await screen.findByRole('button', { name: /138\*{4}8000/ }));
    const menu = await screen.findByRole('menu', { name: '账号菜单' });
    expect(within(menu).getByRole('link', { name: '企业信息' })).toHaveAttribute(
      'href',
      '/enterprise',
    );
    expect(within(menu).getByRole('link', { name: /消息中心/ })).toHaveAttribute(
      'href',
      '/messages',
    );
  });

  it('shows the bell on a phone and the links in the drawer', async () => {
    setViewportWidth(375);
    const { user } = renderApp('/messages', inbox([message(1), message(2)]));

    expect(
      await screen.findByRole('link', { name: '消息中心（2 条未读）' }, slow),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '菜单' }));
    const drawer = await screen.findByRole('dialog');
    expect(await within(drawer).findByRole('link', { name: '企业信息' })).toBeInTheDocument();
    expect(within(drawer).getByRole('link', { name: /消息中心/ })).toHaveAttribute(
      'href',
      '/messages',
    );
  });

  it('shows no bell to a signed-out visitor', async () => {
    stubApi({
      '/api/v1/auth/refresh': {
        status: 401,
        contentType: 'application/problem+json',
        body: {
          type: '/problems/x',
          code: 'refresh_token_invalid',
          title: '登录已失效',
          status: 401,
        },
      },
      '/api/v1/categories': { body: { items: [], total: 0, page: 1, page_size: 100 } },
    });
    const router = createMemoryRouter(routes, { initialEntries: ['/'] });
    render(
      <AppProvider>
        <RouterProvider router={router} />
      </AppProvider>,
    );
    expect(await screen.findByRole('button', { name: /登\s*录/ })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /消息中心/ })).not.toBeInTheDocument();
  });
});
