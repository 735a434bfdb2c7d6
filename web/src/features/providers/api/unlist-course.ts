import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { ownCoursesQueryKey } from './get-own-courses';

/** POST …/unlist (off the catalog) or …/relist (back on it); 409 `wrong_state`. */
export function useSetCourseListed(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ courseId, listed }: { courseId: string; listed: boolean }) => {
      const params = { path: { org_id: orgId, course_id: courseId } };
      return unwrap(
        listed
          ? await api.POST('/api/v1/orgs/{org_id}/courses/{course_id}/relist', { params })
          : await api.POST('/api/v1/orgs/{org_id}/courses/{course_id}/unlist', { params }),
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ownCoursesQueryKey(orgId) }),
  });
}
