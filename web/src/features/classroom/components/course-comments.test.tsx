import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { endSession, startSession } from '@/lib/session';
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
    ...routes,
  });
  renderWithProviders(<CourseComments courseId="c1" />, { path: '/classroom/courses/c1' });
  const posts = () => stub.requests.filter((r) => r.method === 'POST');
  return { ...stub, posts, user: userEvent.setup() };
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
});
