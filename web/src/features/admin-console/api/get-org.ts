import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { orgsQueryKey } from './get-orgs';

export type OrgDetail = components['schemas']['OrgDetail'];
export type OrgPerson = components['schemas']['OrgPerson'];

/** Under the list's key: certifying an org by hand reads its detail again too. */
export const orgQueryKey = (orgId: string) => [...orgsQueryKey, 'detail', orgId] as const;

export function getOrgQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: orgQueryKey(orgId),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/admin/orgs/{org_id}', { params: { path: { org_id: orgId } } })),
  });
}

/**
 * GET /admin/orgs/{id} (any operator): the org's government details, how and when it was
 * certified, its people (masked phones, roles) and what it takes part in.
 */
export function useOrg(orgId: string) {
  return useQuery(getOrgQueryOptions(orgId));
}
