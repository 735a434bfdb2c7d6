import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { providerReviewsQueryKey } from './get-provider-reviews';

export type ProviderReview = components['schemas']['ProviderReview'];

export function getProviderReviewQueryOptions(revisionId: string) {
  return queryOptions({
    queryKey: [...providerReviewsQueryKey, 'one', revisionId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/admin/provider-reviews/{revision_id}', {
          params: { path: { revision_id: revisionId } },
        }),
      ),
  });
}

/** GET /admin/provider-reviews/{id}: the submission beside the profile listed now. */
export function useProviderReview(revisionId: string) {
  return useQuery(getProviderReviewQueryOptions(revisionId));
}
