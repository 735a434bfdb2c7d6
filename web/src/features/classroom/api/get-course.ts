import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type PublicCourse = components['schemas']['PublicCourse'];
export type Lecturer = components['schemas']['Lecturer'];

export const courseQueryKey = (courseId: string) => ['courses', 'one', courseId] as const;

export function getCourseQueryOptions(courseId: string) {
  return queryOptions({
    queryKey: courseQueryKey(courseId),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/courses/{course_id}', { params: { path: { course_id: courseId } } }),
      ),
  });
}

/** GET /courses/{id}: one public course (404 once it is not listed). */
export function useCourse(courseId: string) {
  return useQuery(getCourseQueryOptions(courseId));
}
