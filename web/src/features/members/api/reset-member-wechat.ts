import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { adminMembershipsQueryKey } from './keys';

/** DELETE /admin/memberships/{id}/wechat: the member's next sign-in binds a WeChat anew. */
export function useResetMemberWeChat(membershipId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () =>
      unwrap(
        await api.DELETE('/api/v1/admin/memberships/{membership_id}/wechat', {
          params: { path: { membership_id: membershipId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminMembershipsQueryKey }),
  });
}
