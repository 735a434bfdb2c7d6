import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { classQueryKey } from './keys';

export type Student = components['schemas']['Student'];
export type StudentFilter = {
  status?: 'inactive' | 'active';
  q?: string;
  page: number;
  pageSize: number;
};

export const studentsQueryKey = (orgId: string, classId: string) =>
  [...classQueryKey(orgId, classId), 'students'] as const;

export function getStudentsQueryOptions(orgId: string, classId: string, filter: StudentFilter) {
  return queryOptions({
    queryKey: [...studentsQueryKey(orgId, classId), filter],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/classes/{class_id}/students', {
          params: {
            path: { org_id: orgId, class_id: classId },
            query: {
              status: filter.status,
              q: filter.q || undefined,
              page: filter.page,
              page_size: filter.pageSize,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** GET …/students (any member): personal data masked (`110101********1234`, `138****8000`). */
export function useStudents(orgId: string, classId: string, filter: StudentFilter) {
  return useQuery(getStudentsQueryOptions(orgId, classId, filter));
}
