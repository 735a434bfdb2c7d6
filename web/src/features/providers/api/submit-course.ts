import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { ownCoursesQueryKey } from './get-own-courses';

/**
 * POST /orgs/{id}/courses/{course_id}/submit (a draft or rejected course) with `If-Match`:
 * 422 names every field review needs; 409 `wrong_state`; 412 when stale.
 */
export function useSubmitCourse(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ courseId, etag }: { courseId: string; etag?: string }) =>
      unwrap(
        await api.POST('/api/v1/orgs/{org_id}/courses/{course_id}/submit', {
          params: {
            path: { org_id: orgId, course_id: courseId },
            ...(etag ? { header: { 'If-Match': etag } } : {}),
          },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ownCoursesQueryKey(orgId) }),
  });
}
