import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, expectOk } from '@/lib/api-client';

import { orgMembersQueryKey, type SubAccountRole } from './get-org-members';

/**
 * PATCH /orgs/{id}/members/{user_id} (owner): to admin or staff, another owner too (never
 * oneself). Setting a suspended member's role keeps them: it lifts the suspension.
 */
export function useChangeMemberRole(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ userId, role }: { userId: string; role: SubAccountRole }) =>
      expectOk(
        await api.PATCH('/api/v1/orgs/{org_id}/members/{user_id}', {
          params: { path: { org_id: orgId, user_id: userId } },
          body: { role },
        }),
      ),
    // Refetched on failure too: the list shows what the server holds, not the attempt.
    onSettled: () => queryClient.invalidateQueries({ queryKey: orgMembersQueryKey(orgId) }),
  });
}
