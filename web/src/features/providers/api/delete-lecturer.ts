import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, expectOk } from '@/lib/api-client';

import { lecturersQueryKey } from './get-lecturers';

/**
 * DELETE /orgs/{id}/lecturers/{lecturer_id}: 409 `lecturer_in_use` while a listed course
 * names the lecturer (the problem's `detail` names the courses).
 */
export function useDeleteLecturer(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (lecturerId: string) =>
      expectOk(
        await api.DELETE('/api/v1/orgs/{org_id}/lecturers/{lecturer_id}', {
          params: { path: { org_id: orgId, lecturer_id: lecturerId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: lecturersQueryKey(orgId) }),
  });
}
