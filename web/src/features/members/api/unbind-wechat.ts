import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { orgMembershipQueryKey } from './keys';

/** DELETE /orgs/{org_id}/membership/wechat: the next member sign-in binds a WeChat anew. */
export function useUnbindWeChat(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () =>
      unwrap(
        await api.DELETE('/api/v1/orgs/{org_id}/membership/wechat', {
          params: { path: { org_id: orgId } },
        }),
      ),
    onSuccess: (membership) => queryClient.setQueryData(orgMembershipQueryKey(orgId), membership),
  });
}
