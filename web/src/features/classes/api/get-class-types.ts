import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type ClassType = components['schemas']['ClassType'];

export function getClassTypesQueryOptions() {
  return queryOptions({
    queryKey: ['class-types'],
    queryFn: async () => unwrap(await api.GET('/api/v1/class-types')),
    staleTime: 5 * 60_000,
  });
}

/** GET /class-types: the class types offered (admin-managed), in display order. */
export function useClassTypes() {
  return useQuery(getClassTypesQueryOptions());
}
