import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

export function getProviderQueryOptions(providerId: string) {
  return queryOptions({
    queryKey: ['providers', 'one', providerId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/providers/{provider_id}', {
          params: { path: { provider_id: providerId } },
        }),
      ),
  });
}

/** GET /providers/{id}: a provider's public profile (404 unless approved). */
export function useProvider(providerId: string) {
  return useQuery(getProviderQueryOptions(providerId));
}
