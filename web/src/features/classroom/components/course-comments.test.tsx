import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { meQueryKey } from '@/hooks/use-me';
import { endSession, startSession } from '@/lib/session';
import { me } from '@/testing/fixtures';
import {
  bodyOf,
  problemReply,
  renderWithProviders,
  stubApi,
  type Route,
} from '@/testing/test-utils';

import { comments } from '../test-fixtures';

import { CourseComments } from './course-comments';

const posted = {
  id: 'k9',
  author: '138****8000',
  body: '很实用',
  rating: 4,
  reply: null,
  replied_at: null,
  hidden: false,
  created_at: '2026-11-22T08:00:00Z',
};

function renderComments(routes: Record<string, Route>) {
  const stub = stubApi({
    '/api/v1/courses/c1/comments': { body: comments },
    '/api/v1/courses/c1': { body: {} },
    '/api/v1/courses': { body: {} },
    '/api/v1/me': { body: me },
    ...routes,
  });
  const { queryClient } = renderWithProviders(<CourseComments courseId="c1" />, {
    path: '/classroom/courses/c1',
  });
  const posts = () => stub.requests.filter((r) => r.method === 'POST');
  return { ...stub, posts, queryClient, user: userEvent.setup() };
}

/** Types a whole value at once: 500 characters stay fast. */
async function fill(user: ReturnType<typeof userEvent.setup>, field: HTMLElement, text: string) {
  await user.clear(field);
  await user.click(field);
  await user.paste(text);
}

describe('CourseComments', () => {
  it('lists comments with author, rating, date and the provider reply', async () => {
    endSession();
    renderComments({});

    const list = await screen.findByRole('list', { name: '评论列表' });
    const [item] = within(list).getAllByRole('listitem');
    expect(within(item!).getByText('王**')).toBeVisible();
    expect(within(item!).getByText('评分 5 / 5')).toBeInTheDocument();
    expect(within(item!).getByText('2026年11月20日')).toBeVisible();
    expect(within(item!).getByText('供应商回复')).toBeVisible();
    expect(within(item!).getByText('谢谢支持，后续会更新更多案例！')).toBeVisible();
  });

  it('asks signed-out visitors to sign in first, coming back here', async () => {
    endSession();
    renderComments({});

    expect(await screen.findByRole('link', { name: /登录后评论/ })).toHaveAttribute(
      'href',
      '/login?next=%2Fclassroom%2Fcourses%2Fc1',
    );
    expect(screen.queryByRole('button', { name: /发表评论/ })).not.toBeInTheDocument();
  });

  it('posts a comment with a rating and lists it', async () => {
    startSession('token-1');
    const { requests, posts, user } = renderComments({
      '/api/v1/courses/c1/comments': (request) =>
        request.method === 'POST'
          ? { status: 201, body: posted }
          : {
              body:
                requests.filter((r) => r.method === 'POST').length > 0
                  ? { ...comments, items: [posted, ...comments.items], total: 2 }
                  : comments,
            },
    });

    await screen.findByRole('list', { name: '评论列表' });
    const form = screen.getByRole('button', { name: /发表评论/ }).closest('form')!;
    await user.click(within(form).getAllByRole('radio')[3]!);
    await fill(user, screen.getByLabelText('评论内容'), '  很实用  ');
    await user.click(screen.getByRole('button', { name: /发表评论/ }));

    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(await bodyOf(posts()[0])).toEqual({ body: '很实用', rating: 4 });
    expect(posts()[0]!.headers.get('Authorization')).toBe('Bearer token-1');
    expect(await screen.findByText('评论已发表')).toBeInTheDocument();
    const list = await screen.findByRole('list', { name: '评论列表' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    expect(within(list).getByText('138****8000')).toBeVisible();
    expect(screen.getByLabelText('评论内容')).toHaveValue('');
  });

  it('holds a comment to 500 characters, counted as typed, and sends no rating when none is given', async () => {
    startSession('token-1');
    const { posts, user } = renderComments({
      '/api/v1/courses/c1/comments': (request) =>
        request.method === 'POST' ? { status: 201, body: posted } : { body: comments },
    });
    await screen.findByRole('list', { name: '评论列表' });
    const field = screen.getByLabelText('评论内容');

    await fill(user, field, '好'.repeat(501));
    expect(screen.getByText('501 / 500')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /发表评论/ }));
    expect(await screen.findByText('评论最多 500 字')).toBeInTheDocument();
    expect(posts()).toHaveLength(0);

    // An emoji is one character for the server, and here.
    await fill(user, field, '好'.repeat(499) + '👍');
    expect(screen.getByText('500 / 500')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /发表评论/ }));
    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(await bodyOf(posts()[0])).toEqual({ body: '好'.repeat(499) + '👍', rating: null });
  });

  it('refuses a blank comment, and shows what the server refused', async () => {
    startSession('token-1');
    const { posts, user } = renderComments({
      '/api/v1/courses/c1/comments': (request) =>
        request.method === 'POST'
          ? problemReply(422, {
              code: 'validation_failed',
              title: '提交的内容有误',
              errors: [{ field: 'body', code: 'length', message: '评论长度应为 1–500 个字符' }],
            })
          : { body: comments },
    });
    await screen.findByRole('list', { name: '评论列表' });

    await fill(user, screen.getByLabelText('评论内容'), '   ');
    await user.click(screen.getByRole('button', { name: /发表评论/ }));
    expect(await screen.findByText('请输入评论内容')).toBeInTheDocument();
    expect(posts()).toHaveLength(0);

    await fill(user, screen.getByLabelText('评论内容'), '好');
    await user.click(screen.getByRole('button', { name: /发表评论/ }));
    expect(await screen.findByText('评论长度应为 1–500 个字符')).toBeInTheDocument();
  });

  describe('moderation by platform operators', () => {
    const visibilityPath = '/api/v1/admin/comments/k1/visibility';
    const first = comments.items[0]!;
    const puts = (requests: Request[]) => requests.filter((r) => r.method === 'PUT');

    function renderAsOperator(adminRole: string | null, visibility?: Route) {
      startSession('token-1');
      return renderComments({
        '/api/v1/me': { body: { ...me, admin_role: adminRole } },
        [visibilityPath]:
          visibility ??
          (async (request) => ({ body: { ...first, ...((await request.json()) as object) } })),
      });
    }

    it('lets a reviewer hide a comment after confirming, then show it again', async () => {
      const { requests, user } = renderAsOperator('reviewer');

      const list = await screen.findByRole('list', { name: '评论列表' });
      expect(screen.getByText('共 1 条')).toBeInTheDocument();
      await user.click(await within(list).findByRole('button', { name: '隐藏 王** 的评论' }));
      const confirm = await screen.findByRole('tooltip');
      expect(within(confirm).getByText('隐藏这条评论？')).toBeInTheDocument();
      expect(within(confirm).getByText('隐藏后，其他用户将看不到这条评论。')).toBeInTheDocument();
      await user.click(within(confirm).getByRole('button', { name: /隐\s*藏/ }));

      await waitFor(() => expect(puts(requests)).toHaveLength(1));
      expect(await bodyOf(puts(requests)[0])).toEqual({ hidden: true });
      expect(puts(requests)[0]!.headers.get('Authorization')).toBe('Bearer token-1');
      expect(await screen.findByText('评论已隐藏')).toBeInTheDocument();
      // Still in place for the operator, marked, with the way back; the count drops.
      const [item] = within(list).getAllByRole('listitem');
      expect(within(item!).getByText('已隐藏')).toBeInTheDocument();
      expect(within(item!).getByText(/公众已看不到这条评论/)).toBeInTheDocument();
      expect(within(item!).getByText('讲得很清楚，选品部分特别实用。')).toBeInTheDocument();
      expect(screen.queryByText('共 1 条')).not.toBeInTheDocument();

      await user.click(within(item!).getByRole('button', { name: /恢复显示/ }));
      await waitFor(() => expect(puts(requests)).toHaveLength(2));
      expect(await bodyOf(puts(requests)[1])).toEqual({ hidden: false });
      expect(await screen.findByText('评论已恢复显示')).toBeInTheDocument();
      expect(within(item!).queryByText('已隐藏')).not.toBeInTheDocument();
      expect(screen.getByText('共 1 条')).toBeInTheDocument();
      expect(within(item!).getByRole('button', { name: '隐藏 王** 的评论' })).toBeInTheDocument();
    });

    it('sends nothing when the confirmation is cancelled', async () => {
      const { requests, user } = renderAsOperator('super');

      await user.click(await screen.findByRole('button', { name: '隐藏 王** 的评论' }));
      const confirm = await screen.findByRole('tooltip');
      await user.click(within(confirm).getByRole('button', { name: /取\s*消/ }));

      await waitFor(() => expect(confirm).not.toBeVisible());
      expect(puts(requests)).toHaveLength(0);
      expect(screen.queryByText('已隐藏')).not.toBeInTheDocument();
    });

    it('shows a refusal and leaves the comment as it was', async () => {
      const { user } = renderAsOperator(
        'super',
        problemReply(403, { code: 'forbidden', title: '您没有执行此操作的权限' }),
      );

      await user.click(await screen.findByRole('button', { name: '隐藏 王** 的评论' }));
      await user.click(
        within(await screen.findByRole('tooltip')).getByRole('button', { name: /隐\s*藏/ }),
      );

      expect(await screen.findByText('您没有执行此操作的权限')).toBeInTheDocument();
      expect(screen.queryByText('已隐藏')).not.toBeInTheDocument();
      expect(screen.queryByText('评论已隐藏')).not.toBeInTheDocument();
    });

    it('offers nothing to auditors, ordinary users or visitors', async () => {
      for (const role of ['auditor', null]) {
        const { queryClient } = renderAsOperator(role);
        await screen.findByRole('list', { name: '评论列表' });
        // Wait for /me to answer before looking for what it would have added.
        await waitFor(() => expect(queryClient.getQueryData(meQueryKey)).toBeDefined());
        await screen.findByRole('button', { name: /发表评论/ });
        expect(screen.queryByRole('button', { name: /隐藏/ })).not.toBeInTheDocument();
        cleanup();
      }

      endSession();
      const { requests } = renderComments({});
      await screen.findByRole('list', { name: '评论列表' });
      expect(screen.queryByRole('button', { name: /隐藏/ })).not.toBeInTheDocument();
      expect(requests.some((r) => new URL(r.url).pathname === '/api/v1/me')).toBe(false);
    });
  });
});
