import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, expectOk } from '@/lib/api-client';

import { classesQueryKey } from './keys';

/**
 * DELETE /orgs/{org}/classes/{class} (owner or admin). A class with live records is kept:
 * 409 `class_has_live_records`.
 */
export function useDeleteClass(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (classId: string) =>
      expectOk(
        await api.DELETE('/api/v1/orgs/{org_id}/classes/{class_id}', {
          params: { path: { org_id: orgId, class_id: classId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: classesQueryKey(orgId) }),
  });
}
