import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type ProviderCard = components['schemas']['ProviderCard'];

// openapi.yaml gives this operation the operationId `list_public`, as it does GET
// /courses/{id}/comments; the generated `operations` keep the first, so `api.GET` types this
// path as the comments page. Its real answer (the spec's response) is `ProviderCard[]`.
// TODO: drop the cast once the API gives every operation a unique operationId.
type ListProviders = (
  path: '/api/v1/providers',
) => Promise<{ data?: ProviderCard[]; error?: unknown; response: Response }>;
const listProviders = api.GET as unknown as ListProviders;

export function getProvidersQueryOptions() {
  return queryOptions({
    queryKey: ['providers', 'list'],
    queryFn: async () => unwrap(await listProviders('/api/v1/providers')),
  });
}

/** GET /providers: the approved providers (the catalog's filter and its footer of logos). */
export function useProviders() {
  return useQuery(getProvidersQueryOptions());
}
