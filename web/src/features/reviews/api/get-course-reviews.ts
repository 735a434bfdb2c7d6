import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import type { QueueFilter } from './get-provider-reviews';
import { reviewsQueryKey } from './get-review-counts';

export type CourseSubmission = components['schemas']['CourseSubmission'];

export const courseReviewsQueryKey = [...reviewsQueryKey, 'courses'] as const;

export function getCourseReviewsQueryOptions(filter: QueueFilter) {
  return queryOptions({
    queryKey: [...courseReviewsQueryKey, 'list', filter],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/admin/course-reviews', { params: { query: filter } })),
  });
}

/** GET /admin/course-reviews: course revisions by status, oldest submission first. */
export function useCourseReviews(filter: QueueFilter) {
  return useQuery({ ...getCourseReviewsQueryOptions(filter), placeholderData: keepPreviousData });
}
