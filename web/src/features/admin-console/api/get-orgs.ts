import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { adminConsoleQueryKey } from './get-dashboard';

export type OrgSummary = components['schemas']['OrgSummary'];
export type OrgsFilter = { q?: string; certification?: string; page: number; page_size: number };

export const orgsQueryKey = [...adminConsoleQueryKey, 'orgs'] as const;

export function getOrgsQueryOptions(filter: OrgsFilter) {
  return queryOptions({
    queryKey: [...orgsQueryKey, filter],
    queryFn: async () => unwrap(await api.GET('/api/v1/admin/orgs', { params: { query: filter } })),
  });
}

/** GET /admin/orgs: orgs, newest first, searched by name or USCC, with what they take part in. */
export function useOrgs(filter: OrgsFilter) {
  return useQuery({ ...getOrgsQueryOptions(filter), placeholderData: keepPreviousData });
}
