import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { classCoursesQueryKey } from './get-class-courses';
import { recordsQueryKey } from './get-class-records';

/**
 * PUT …/courses (owner or admin): replaces the linked set (≤ 20). A course that is not public
 * or is listed twice is refused by its position: 422 `course_ids[2]`: `course_not_public`.
 */
export function useSetClassCourses(orgId: string, classId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (courseIds: string[]) =>
      unwrap(
        await api.PUT('/api/v1/orgs/{org_id}/classes/{class_id}/courses', {
          params: { path: { org_id: orgId, class_id: classId } },
          body: { course_ids: courseIds },
        }),
      ),
    onSuccess: (linked) => {
      queryClient.setQueryData(classCoursesQueryKey(orgId, classId), linked);
      // Students' on-demand time is summed over the linked courses.
      void queryClient.invalidateQueries({ queryKey: recordsQueryKey(orgId, classId) });
    },
  });
}
