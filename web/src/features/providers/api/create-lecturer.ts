import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { lecturersQueryKey } from './get-lecturers';

export type LecturerForm = components['schemas']['LecturerForm'];

/** POST /orgs/{id}/lecturers (owner or admin of an approved provider). */
export function useCreateLecturer(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: LecturerForm) =>
      unwrap(
        await api.POST('/api/v1/orgs/{org_id}/lecturers', {
          params: { path: { org_id: orgId } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: lecturersQueryKey(orgId) }),
  });
}
