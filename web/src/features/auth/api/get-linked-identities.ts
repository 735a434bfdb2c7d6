import { queryOptions, useQuery } from '@tanstack/react-query';

import { meQueryKey } from '@/hooks/use-me';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type LinkedIdentity = components['schemas']['LinkedIdentity'];

// Under ['me', …]: dropped with everything else of the user when the session ends.
export const linkedIdentitiesQueryKey = [...meQueryKey, 'identities'] as const;

/** GET /me/identities: the signed-in user's linked sign-in identities. */
export function getLinkedIdentitiesQueryOptions() {
  return queryOptions({
    queryKey: linkedIdentitiesQueryKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/me/identities')),
  });
}

export function useLinkedIdentities() {
  return useQuery(getLinkedIdentitiesQueryOptions());
}
