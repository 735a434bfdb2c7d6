import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { studentsQueryKey } from './get-students';

export type StudentDetail = components['schemas']['StudentDetail'];

export function getStudentQueryOptions(orgId: string, classId: string, studentId: string) {
  return queryOptions({
    queryKey: [...studentsQueryKey(orgId, classId), 'detail', studentId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/classes/{class_id}/students/{student_id}', {
          params: { path: { org_id: orgId, class_id: classId, student_id: studentId } },
        }),
      ),
    // Every full view is audited server-side: fetch on purpose, never keep it around.
    gcTime: 0,
    staleTime: 0,
  });
}

/** GET …/students/{id} (owner or admin): the full resident ID and phone; each view is audited. */
export function useStudent(orgId: string, classId: string, studentId: string | null) {
  return useQuery({
    ...getStudentQueryOptions(orgId, classId, studentId ?? ''),
    enabled: studentId !== null,
  });
}
