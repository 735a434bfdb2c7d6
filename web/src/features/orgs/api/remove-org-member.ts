import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, expectOk } from '@/lib/api-client';

import { orgMembersQueryKey } from './get-org-members';

/** DELETE /orgs/{id}/members/{user_id} (owner): anyone but oneself, another owner included. */
export function useRemoveOrgMember(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (userId: string) =>
      expectOk(
        await api.DELETE('/api/v1/orgs/{org_id}/members/{user_id}', {
          params: { path: { org_id: orgId, user_id: userId } },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: orgMembersQueryKey(orgId) }),
  });
}
