import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { orgMembershipQueryKey } from './keys';

/** DELETE …/membership/council-representatives/{id}: answers the membership as it is now. */
export function useRemoveCouncilRepresentative(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (representativeId: string) =>
      unwrap(
        await api.DELETE(
          '/api/v1/orgs/{org_id}/membership/council-representatives/{representative_id}',
          { params: { path: { org_id: orgId, representative_id: representativeId } } },
        ),
      ),
    onSuccess: (membership) => queryClient.setQueryData(orgMembershipQueryKey(orgId), membership),
  });
}
