import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { classQueryKey } from './keys';

export type ClassRecords = components['schemas']['ClassRecords'];
export type StudentRecord = components['schemas']['StudentRecord'];
export type UnmatchedViewer = components['schemas']['UnmatchedViewer'];

export const recordsQueryKey = (orgId: string, classId: string) =>
  [...classQueryKey(orgId, classId), 'records'] as const;

export function getClassRecordsQueryOptions(orgId: string, classId: string) {
  return queryOptions({
    queryKey: recordsQueryKey(orgId, classId),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/classes/{class_id}/records', {
          params: { path: { org_id: orgId, class_id: classId } },
        }),
      ),
  });
}

/**
 * GET …/records (any member): sessions, each activated student's effective live time,
 * viewers no student matched, and when the records were last updated.
 */
export function useClassRecords(orgId: string, classId: string) {
  return useQuery(getClassRecordsQueryOptions(orgId, classId));
}
