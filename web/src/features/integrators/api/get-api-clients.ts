import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type ApiClient = components['schemas']['ApiClient'];

/**
 * Everything about one org's developer access. Under `['me', 'orgs']` (the orgs feature's
 * key for the caller's orgs) so that signing out drops it with the rest of the user's data.
 */
export const integratorsQueryKey = (orgId: string) => ['me', 'orgs', orgId, 'integrators'] as const;
export const apiClientsQueryKey = (orgId: string) =>
  [...integratorsQueryKey(orgId), 'api-clients'] as const;

export function getApiClientsQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: apiClientsQueryKey(orgId),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/api-clients', { params: { path: { org_id: orgId } } }),
      ),
  });
}

/** GET /orgs/{id}/api-clients (owner): the API keys and OAuth clients, newest first. */
export function useApiClients(orgId: string) {
  return useQuery(getApiClientsQueryOptions(orgId));
}
