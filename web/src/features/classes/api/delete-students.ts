import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { classesQueryKey } from './keys';

/**
 * POST …/students/delete (owner or admin): inactive students only; one active student
 * refuses the whole batch (409 `student_read_only`).
 */
export function useDeleteStudents(orgId: string, classId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (studentIds: string[]) =>
      unwrap(
        await api.POST('/api/v1/orgs/{org_id}/classes/{class_id}/students/delete', {
          params: { path: { org_id: orgId, class_id: classId } },
          body: { student_ids: studentIds },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: classesQueryKey(orgId) }),
  });
}
