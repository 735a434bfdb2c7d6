import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { adminConsoleQueryKey } from './get-dashboard';

export type UserSummary = components['schemas']['UserSummary'];
export type UsersFilter = { q?: string; status?: string; page: number; page_size: number };

export const usersQueryKey = [...adminConsoleQueryKey, 'users'] as const;

export function getUsersQueryOptions(filter: UsersFilter) {
  return queryOptions({
    queryKey: [...usersQueryKey, filter],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/admin/users', { params: { query: filter } })),
  });
}

/** GET /admin/users: accounts, newest first, searched by phone or name. */
export function useUsers(filter: UsersFilter) {
  return useQuery({ ...getUsersQueryOptions(filter), placeholderData: keepPreviousData });
}
