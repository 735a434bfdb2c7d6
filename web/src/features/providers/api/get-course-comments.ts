import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { ownCourseQueryKey } from './get-own-course';

export type Comment = components['schemas']['Comment'];

export const courseCommentsQueryKey = (orgId: string, courseId: string) => [
  ...ownCourseQueryKey(orgId, courseId),
  'comments',
];

export function getCourseCommentsQueryOptions(orgId: string, courseId: string, page: number) {
  return queryOptions({
    queryKey: [...courseCommentsQueryKey(orgId, courseId), page],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/courses/{course_id}/comments', {
          params: {
            path: { org_id: orgId, course_id: courseId },
            query: { page, page_size: 20 },
          },
        }),
      ),
  });
}

/** GET …/comments: every comment of the course, hidden ones included. */
export function useCourseComments(orgId: string, courseId: string, page: number) {
  return useQuery({
    ...getCourseCommentsQueryOptions(orgId, courseId, page),
    placeholderData: keepPreviousData,
  });
}
