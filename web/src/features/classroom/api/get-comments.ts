import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type Comment = components['schemas']['Comment'];

export const commentsQueryKey = (courseId: string) => ['courses', 'comments', courseId] as const;

export function getCommentsQueryOptions(courseId: string, page: number, pageSize: number) {
  return queryOptions({
    queryKey: [...commentsQueryKey(courseId), { page, pageSize }],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/courses/{course_id}/comments', {
          params: { path: { course_id: courseId }, query: { page, page_size: pageSize } },
        }),
      ),
  });
}

/** GET /courses/{id}/comments: the visible comments, newest first. */
export function useComments(courseId: string, page: number, pageSize: number) {
  return useQuery({
    ...getCommentsQueryOptions(courseId, page, pageSize),
    placeholderData: keepPreviousData,
  });
}
