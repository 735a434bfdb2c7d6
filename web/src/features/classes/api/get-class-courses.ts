import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { classQueryKey } from './keys';

export type LinkedCourse = components['schemas']['LinkedCourse'];

export const classCoursesQueryKey = (orgId: string, classId: string) =>
  [...classQueryKey(orgId, classId), 'courses'] as const;

export function getClassCoursesQueryOptions(orgId: string, classId: string) {
  return queryOptions({
    queryKey: classCoursesQueryKey(orgId, classId),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/classes/{class_id}/courses', {
          params: { path: { org_id: orgId, class_id: classId } },
        }),
      ),
  });
}

/**
 * GET …/courses (any member): the cloud-classroom courses the class links, in the order the
 * org chose. A course unlisted since stays linked (`public: false`, no title).
 */
export function useClassCourses(orgId: string, classId: string) {
  return useQuery(getClassCoursesQueryOptions(orgId, classId));
}
