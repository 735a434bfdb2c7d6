import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { etagOf, type VersionedCourse } from './get-own-course';
import { ownCoursesQueryKey } from './get-own-courses';

export type CourseForm = components['schemas']['CourseForm'];

/** POST /orgs/{id}/courses: a new course, as a draft (submit it for review separately). */
export function useCreateCourse(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CourseForm): Promise<VersionedCourse> => {
      const result = await api.POST('/api/v1/orgs/{org_id}/courses', {
        params: { path: { org_id: orgId } },
        body,
      });
      const course = unwrap(result);
      return { course, etag: etagOf(result.response, course) };
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ownCoursesQueryKey(orgId) }),
  });
}
