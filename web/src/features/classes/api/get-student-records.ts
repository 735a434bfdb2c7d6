import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { recordsQueryKey } from './get-class-records';

export type StudentSessionRecord = components['schemas']['StudentSessionRecord'];

export function getStudentRecordsQueryOptions(orgId: string, classId: string, studentId: string) {
  return queryOptions({
    queryKey: [...recordsQueryKey(orgId, classId), 'student', studentId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/classes/{class_id}/students/{student_id}/records', {
          params: { path: { org_id: orgId, class_id: classId, student_id: studentId } },
        }),
      ),
  });
}

/** GET …/students/{id}/records (any member): per session, what was reported and what counts. */
export function useStudentRecords(orgId: string, classId: string, studentId: string | null) {
  return useQuery({
    ...getStudentRecordsQueryOptions(orgId, classId, studentId ?? ''),
    enabled: studentId !== null,
  });
}
