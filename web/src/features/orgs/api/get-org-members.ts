import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { myOrgsQueryKey } from './get-my-orgs';

export type OrgMember = components['schemas']['OrgMember'];
export type SubAccountRole = components['schemas']['SubAccountRole'];

export const orgMembersQueryKey = (orgId: string) => [...myOrgsQueryKey, orgId, 'members'] as const;

export function getOrgMembersQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: orgMembersQueryKey(orgId),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/members', { params: { path: { org_id: orgId } } }),
      ),
  });
}

/** GET /orgs/{id}/members (owner or admin): the accounts, mobiles masked. */
export function useOrgMembers(orgId: string) {
  return useQuery(getOrgMembersQueryOptions(orgId));
}
