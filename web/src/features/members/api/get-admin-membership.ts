import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { adminMembershipsQueryKey } from './keys';

export function getAdminMembershipQueryOptions(membershipId: string) {
  return queryOptions({
    queryKey: [...adminMembershipsQueryKey, 'one', membershipId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/admin/memberships/{membership_id}', {
          params: { path: { membership_id: membershipId } },
        }),
      ),
  });
}

/** GET /admin/memberships/{id}: one registration, with its profile. */
export function useAdminMembership(membershipId: string) {
  return useQuery(getAdminMembershipQueryOptions(membershipId));
}
