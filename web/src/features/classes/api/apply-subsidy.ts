import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { classesQueryKey } from './keys';

/**
 * POST …/subsidy-application (owner or admin): applies with the amount computed now.
 * 409 `already_applied` while pending or approved, `no_qualified_students` when nobody
 * reaches the threshold; after a rejection, applying again replaces it.
 */
export function useApplySubsidy(orgId: string, classId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/orgs/{org_id}/classes/{class_id}/subsidy-application', {
          params: { path: { org_id: orgId, class_id: classId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: classesQueryKey(orgId) }),
  });
}
