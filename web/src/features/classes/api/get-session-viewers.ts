import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { recordsQueryKey } from './get-class-records';

export type SessionViewer = components['schemas']['SessionViewer'];

export function getSessionViewersQueryOptions(orgId: string, classId: string, sessionId: string) {
  return queryOptions({
    queryKey: [...recordsQueryKey(orgId, classId), 'session', sessionId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/classes/{class_id}/sessions/{session_id}/viewers', {
          params: { path: { org_id: orgId, class_id: classId, session_id: sessionId } },
        }),
      ),
  });
}

/** GET …/sessions/{id}/viewers (any member): each viewer, matched to a student or not. */
export function useSessionViewers(orgId: string, classId: string, sessionId: string | null) {
  return useQuery({
    ...getSessionViewersQueryOptions(orgId, classId, sessionId ?? ''),
    enabled: sessionId !== null,
  });
}
