import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { commentsQueryKey } from './get-comments';
import { courseQueryKey } from './get-course';
import { coursesQueryKey } from './get-courses';

type CommentPage = components['schemas']['Page_Comment'];

/**
 * PUT /admin/comments/{id}/visibility (platform reviewers): hide an abusive comment from
 * the public, or show it again.
 *
 * The public list never holds hidden comments, so refetching it would make the comment
 * vanish without a trace. Instead the answer replaces the comment where it is shown (marked
 * hidden, with the way back), and the count follows; the next load of the list leaves it out.
 * A hidden rating no longer counts, so the course's average is asked for again.
 */
export function useSetCommentVisibility(courseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ commentId, hidden }: { commentId: string; hidden: boolean }) =>
      unwrap(
        await api.PUT('/api/v1/admin/comments/{comment_id}/visibility', {
          params: { path: { comment_id: commentId } },
          body: { hidden },
        }),
      ),
    onSuccess: async (comment) => {
      queryClient.setQueriesData<CommentPage>({ queryKey: commentsQueryKey(courseId) }, (page) => {
        const before = page?.items.find((c) => c.id === comment.id);
        if (!page || !before) return page;
        const change = before.hidden === comment.hidden ? 0 : comment.hidden ? -1 : 1;
        return {
          ...page,
          total: page.total + change,
          items: page.items.map((c) => (c.id === comment.id ? comment : c)),
        };
      });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: courseQueryKey(courseId) }),
        queryClient.invalidateQueries({ queryKey: coursesQueryKey }),
      ]);
    },
  });
}
