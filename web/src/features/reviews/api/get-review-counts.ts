import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type ReviewCounts = components['schemas']['ReviewCounts'];

/** Every review query (queues, items, counts): operators' data, dropped at sign-out. */
export const reviewsQueryKey = ['me', 'reviews'] as const;

export function getReviewCountsQueryOptions() {
  return queryOptions({
    queryKey: [...reviewsQueryKey, 'counts'],
    queryFn: async () => unwrap(await api.GET('/api/v1/admin/reviews/counts')),
  });
}

/** GET /admin/reviews/counts: how many items wait in each queue. */
export function useReviewCounts() {
  return useQuery(getReviewCountsQueryOptions());
}
