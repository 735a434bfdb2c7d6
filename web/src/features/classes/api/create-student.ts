import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { classesQueryKey } from './keys';

export type StudentForm = components['schemas']['StudentForm'];

/**
 * POST …/students (owner or admin). The server checks the resident ID (GB 11643 check digit,
 * birth date, gender), the mobile and the education level; each failure names its field.
 */
export function useCreateStudent(orgId: string, classId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: StudentForm) =>
      unwrap(
        await api.POST('/api/v1/orgs/{org_id}/classes/{class_id}/students', {
          params: { path: { org_id: orgId, class_id: classId } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: classesQueryKey(orgId) }),
  });
}
