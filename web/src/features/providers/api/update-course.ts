import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import type { CourseForm } from './create-course';
import { etagOf, type VersionedCourse } from './get-own-course';
import { ownCoursesQueryKey } from './get-own-courses';

/**
 * PUT /orgs/{id}/courses/{course_id} with `If-Match`: 412 when someone changed the course
 * since it was read. Pending stays pending; a rejected course becomes a new draft; an
 * approved one gets a new pending revision while the approved one stays listed.
 */
export function useUpdateCourse(orgId: string, courseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, etag }: { body: CourseForm; etag: string }) => {
      const result = await api.PUT('/api/v1/orgs/{org_id}/courses/{course_id}', {
        params: { path: { org_id: orgId, course_id: courseId }, header: { 'If-Match': etag } },
        body,
      });
      const course = unwrap(result);
      return { course, etag: etagOf(result.response, course) } satisfies VersionedCourse;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ownCoursesQueryKey(orgId) }),
  });
}
