import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import type { StudentForm } from './create-student';
import { classesQueryKey } from './keys';

/** PUT …/students/{id} (owner or admin): inactive students only (409 `student_read_only`). */
export function useUpdateStudent(orgId: string, classId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ studentId, body }: { studentId: string; body: StudentForm }) =>
      unwrap(
        await api.PUT('/api/v1/orgs/{org_id}/classes/{class_id}/students/{student_id}', {
          params: { path: { org_id: orgId, class_id: classId, student_id: studentId } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: classesQueryKey(orgId) }),
  });
}
