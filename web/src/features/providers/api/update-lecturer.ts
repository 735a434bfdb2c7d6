import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import type { LecturerForm } from './create-lecturer';
import { lecturersQueryKey } from './get-lecturers';

/** PUT /orgs/{id}/lecturers/{lecturer_id} (owner or admin), as often as needed. */
export function useUpdateLecturer(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ lecturerId, body }: { lecturerId: string; body: LecturerForm }) =>
      unwrap(
        await api.PUT('/api/v1/orgs/{org_id}/lecturers/{lecturer_id}', {
          params: { path: { org_id: orgId, lecturer_id: lecturerId } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: lecturersQueryKey(orgId) }),
  });
}
