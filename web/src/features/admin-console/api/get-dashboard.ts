import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type Dashboard = components['schemas']['Dashboard'];
export type DashboardDay = components['schemas']['DashboardDay'];

/** Every admin-console query: operators' data, dropped at sign-out with the rest of ['me']. */
export const adminConsoleQueryKey = ['me', 'admin-console'] as const;

export function getDashboardQueryOptions() {
  return queryOptions({
    queryKey: [...adminConsoleQueryKey, 'dashboard'],
    queryFn: async () => unwrap(await api.GET('/api/v1/admin/dashboard')),
  });
}

/** GET /admin/dashboard: the platform's totals and its last 30 days, oldest first. */
export function useDashboard() {
  return useQuery(getDashboardQueryOptions());
}
