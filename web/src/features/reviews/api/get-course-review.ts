import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { courseReviewsQueryKey } from './get-course-reviews';

export type CourseReview = components['schemas']['CourseReview'];
export type CourseRevision = components['schemas']['CourseRevision'];

export function getCourseReviewQueryOptions(revisionId: string) {
  return queryOptions({
    queryKey: [...courseReviewsQueryKey, 'one', revisionId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/admin/course-reviews/{revision_id}', {
          params: { path: { revision_id: revisionId } },
        }),
      ),
  });
}

/** GET /admin/course-reviews/{id}: the revision beside the one listed now (if any). */
export function useCourseReview(revisionId: string) {
  return useQuery(getCourseReviewQueryOptions(revisionId));
}
