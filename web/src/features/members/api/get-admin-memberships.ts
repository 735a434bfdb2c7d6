import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { adminMembershipsQueryKey } from './keys';

export type MembershipFilter = { status: string; q?: string; page: number; page_size: number };

export function getAdminMembershipsQueryOptions(filter: MembershipFilter) {
  return queryOptions({
    queryKey: [...adminMembershipsQueryKey, 'list', filter],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/admin/memberships', {
          params: { query: { ...filter, q: filter.q || undefined } },
        }),
      ),
  });
}

/** GET /admin/memberships: registrations by state (`pending` first), oldest first. */
export function useAdminMemberships(filter: MembershipFilter) {
  return useQuery({
    ...getAdminMembershipsQueryOptions(filter),
    placeholderData: keepPreviousData,
  });
}
