import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { courseCommentsQueryKey } from './get-course-comments';

/** PUT …/comments/{comment_id}/visibility: hide an abusive comment, or show it again. */
export function useSetCommentVisibility(orgId: string, courseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ commentId, hidden }: { commentId: string; hidden: boolean }) =>
      unwrap(
        await api.PUT(
          '/api/v1/orgs/{org_id}/courses/{course_id}/comments/{comment_id}/visibility',
          {
            params: { path: { org_id: orgId, course_id: courseId, comment_id: commentId } },
            body: { hidden },
          },
        ),
      ),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: courseCommentsQueryKey(orgId, courseId) }),
  });
}
