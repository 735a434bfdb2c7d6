import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { orgMembershipQueryKey } from './keys';
import type { Registration } from './register-membership';

/**
 * POST /orgs/{org_id}/membership (the org's owner): applies as an org already on the platform;
 * the unit name and USCC are the org's, whatever the body says. 409 `member_already_registered`,
 * `org_without_uscc`.
 */
export function useApplyMembership(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: Registration) =>
      unwrap(
        await api.POST('/api/v1/orgs/{org_id}/membership', {
          params: { path: { org_id: orgId } },
          body,
        }),
      ),
    onSuccess: (membership) => queryClient.setQueryData(orgMembershipQueryKey(orgId), membership),
  });
}
