import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { providerQueryKey } from './get-provider';

export type Lecturer = components['schemas']['Lecturer'];

export const lecturersQueryKey = (orgId: string) => [...providerQueryKey(orgId), 'lecturers'];

export function getLecturersQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: lecturersQueryKey(orgId),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/lecturers', { params: { path: { org_id: orgId } } }),
      ),
  });
}

/** GET /orgs/{id}/lecturers: the provider's lecturers (deleted ones are gone). */
export function useLecturers(orgId: string) {
  return useQuery(getLecturersQueryOptions(orgId));
}
