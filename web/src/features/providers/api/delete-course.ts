import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, expectOk } from '@/lib/api-client';

import { ownCoursesQueryKey } from './get-own-courses';

/** DELETE /orgs/{id}/courses/{course_id}: off the console and the catalog (history stays). */
export function useDeleteCourse(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (courseId: string) =>
      expectOk(
        await api.DELETE('/api/v1/orgs/{org_id}/courses/{course_id}', {
          params: { path: { org_id: orgId, course_id: courseId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ownCoursesQueryKey(orgId) }),
  });
}
