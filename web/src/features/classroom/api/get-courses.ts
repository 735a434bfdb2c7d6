import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components, paths } from '@/types/api';

export type CourseCard = components['schemas']['CourseCard'];
export type CourseQuery = NonNullable<paths['/api/v1/courses']['get']['parameters']['query']>;
export type TrainingMode = components['schemas']['TrainingMode'];

/** Every catalog list, whatever its filters: refreshed together when a rating changes. */
export const coursesQueryKey = ['courses', 'list'] as const;

export function getCoursesQueryOptions(query: CourseQuery) {
  return queryOptions({
    queryKey: [...coursesQueryKey, query],
    queryFn: async () => unwrap(await api.GET('/api/v1/courses', { params: { query } })),
  });
}

/** GET /courses: the public catalog, newest approval first. */
export function useCourses(query: CourseQuery) {
  // While the next page or filter loads, the previous cards stay (dimmed) instead of a flash.
  return useQuery({ ...getCoursesQueryOptions(query), placeholderData: keepPreviousData });
}
