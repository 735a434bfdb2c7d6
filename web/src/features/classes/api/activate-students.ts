import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { classesQueryKey } from './keys';

/** POST …/students/activate (owner or admin): activated students become read-only. */
export function useActivateStudents(orgId: string, classId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (studentIds: string[]) =>
      unwrap(
        await api.POST('/api/v1/orgs/{org_id}/classes/{class_id}/students/activate', {
          params: { path: { org_id: orgId, class_id: classId } },
          body: { student_ids: studentIds },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: classesQueryKey(orgId) }),
  });
}
