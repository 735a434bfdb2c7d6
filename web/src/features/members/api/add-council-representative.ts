import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { orgMembershipQueryKey } from './keys';

export type NewCouncilRepresentative = components['schemas']['NewCouncilRepresentative'];

/** POST …/membership/council-representatives (council levels only: 409 `not_council_level`). */
export function useAddCouncilRepresentative(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewCouncilRepresentative) =>
      unwrap(
        await api.POST('/api/v1/orgs/{org_id}/membership/council-representatives', {
          params: { path: { org_id: orgId } },
          body,
        }),
      ),
    onSuccess: (membership) => queryClient.setQueryData(orgMembershipQueryKey(orgId), membership),
  });
}
