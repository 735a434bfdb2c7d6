import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type VocabularyEntry = components['schemas']['VocabularyEntry'];

export function getUserTypesQueryOptions() {
  return queryOptions({
    queryKey: ['member-user-types'],
    queryFn: async () => unwrap(await api.GET('/api/v1/member-user-types')),
    staleTime: 5 * 60_000,
  });
}

/** GET /member-user-types (public): the enabled user types a registering unit picks from. */
export function useUserTypes() {
  return useQuery(getUserTypesQueryOptions());
}
