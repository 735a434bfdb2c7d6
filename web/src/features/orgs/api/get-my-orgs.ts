import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type Org = components['schemas']['Org'];

/** Every query about the caller's orgs (the list, members): dropped at sign-out with ['me']. */
export const myOrgsQueryKey = ['me', 'orgs'] as const;

export function getMyOrgsQueryOptions() {
  return queryOptions({
    queryKey: myOrgsQueryKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/orgs')),
  });
}

/** GET /orgs: the orgs the caller belongs to, oldest first, each with `my_role`. */
export function useMyOrgs() {
  return useQuery(getMyOrgsQueryOptions());
}

/** Owners and admins manage the profile and see the sub-accounts (SPEC §0). */
export function canManage(org: Org): boolean {
  return org.my_role === 'owner' || org.my_role === 'admin';
}

export function isCertified(org: Org): boolean {
  return org.certification === 'certified';
}
