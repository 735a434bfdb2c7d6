import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { classQueryKey } from './keys';

export type ClassSession = components['schemas']['ClassSession'];

export const sessionsQueryKey = (orgId: string, classId: string) =>
  [...classQueryKey(orgId, classId), 'sessions'] as const;

export function getSessionsQueryOptions(orgId: string, classId: string) {
  return queryOptions({
    queryKey: sessionsQueryKey(orgId, classId),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/classes/{class_id}/sessions', {
          params: { path: { org_id: orgId, class_id: classId } },
        }),
      ),
  });
}

/** GET …/sessions (any member): in planned order, with how each live ran once pulled. */
export function useSessions(orgId: string, classId: string) {
  return useQuery(getSessionsQueryOptions(orgId, classId));
}
