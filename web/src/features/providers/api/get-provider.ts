import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';

import { api, ApiProblem, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type Provider = components['schemas']['Provider'];

/** Every query about one org's provider (profile, lecturers, courses): dropped at sign-out. */
export const providerQueryKey = (orgId: string) => ['me', 'provider', orgId] as const;

export function getProviderQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: [...providerQueryKey(orgId), 'profile'],
    queryFn: async (): Promise<Provider | null> => {
      try {
        return unwrap(
          await api.GET('/api/v1/orgs/{org_id}/provider', { params: { path: { org_id: orgId } } }),
        );
      } catch (error) {
        // 404: the org has not applied (yet).
        if (error instanceof ApiProblem && error.status === 404) return null;
        throw error;
      }
    },
  });
}

/** GET /orgs/{id}/provider: the org's provider profile, or null when it has not applied. */
export function useProvider(orgId: string | undefined) {
  return useQuery({ ...getProviderQueryOptions(orgId ?? ''), enabled: !!orgId });
}

/**
 * Those of `orgs` whose provider console is open (approved providers), for the account menu's
 * 服务商后台; none while the answers load.
 */
export function useApprovedProviderOrgs<T extends { id: string }>(orgs: readonly T[] | undefined) {
  const results = useQueries({
    queries: (orgs ?? []).map((org) => getProviderQueryOptions(org.id)),
  });
  return (orgs ?? []).filter((_, i) => isApprovedProvider(results[i]?.data));
}

/** The console is open once the provider was approved (an edit under review keeps it open). */
export function isApprovedProvider(provider: Provider | null | undefined): boolean {
  return !!provider && (provider.status === 'approved' || !!provider.public_profile);
}
