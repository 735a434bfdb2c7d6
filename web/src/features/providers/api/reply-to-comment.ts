import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { courseCommentsQueryKey } from './get-course-comments';

/** PUT …/comments/{comment_id}/reply: the provider's one reply to a comment, or its edit. */
export function useReplyToComment(orgId: string, courseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ commentId, body }: { commentId: string; body: string }) =>
      unwrap(
        await api.PUT('/api/v1/orgs/{org_id}/courses/{course_id}/comments/{comment_id}/reply', {
          params: { path: { org_id: orgId, course_id: courseId, comment_id: commentId } },
          body: { body },
        }),
      ),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: courseCommentsQueryKey(orgId, courseId) }),
  });
}
