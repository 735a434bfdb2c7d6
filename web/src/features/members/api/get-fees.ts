import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { memberSettingsQueryKey } from './keys';

export type Fee = components['schemas']['Fee'];

export const feesQueryKey = [...memberSettingsQueryKey, 'fees'] as const;

export function getFeesQueryOptions(year?: number) {
  return queryOptions({
    queryKey: [...feesQueryKey, year ?? 'all'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/admin/member-fees', { params: { query: { year } } })),
  });
}

/** GET /admin/member-fees: the fee schedule (per level and year), newest year first. */
export function useFees(year?: number) {
  return useQuery(getFeesQueryOptions(year));
}
