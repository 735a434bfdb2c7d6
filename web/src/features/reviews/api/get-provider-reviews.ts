import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { reviewsQueryKey } from './get-review-counts';

export type ProviderSubmission = components['schemas']['ProviderSubmission'];
export type QueueFilter = { status: string; page: number; page_size: number };

export const providerReviewsQueryKey = [...reviewsQueryKey, 'providers'] as const;

export function getProviderReviewsQueryOptions(filter: QueueFilter) {
  return queryOptions({
    queryKey: [...providerReviewsQueryKey, 'list', filter],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/admin/provider-reviews', { params: { query: filter } })),
  });
}

/** GET /admin/provider-reviews: provider submissions by status, oldest first. */
export function useProviderReviews(filter: QueueFilter) {
  return useQuery({ ...getProviderReviewsQueryOptions(filter), placeholderData: keepPreviousData });
}
