import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { reviewsQueryKey } from './keys';

export type MembershipDecision = components['schemas']['MembershipDecision'];

/**
 * POST /admin/memberships/{id}/decision: approve (optionally with a level) or reject with the
 * reason the unit reads; 409 `wrong_state` when someone decided first.
 */
export function useDecideMembership(membershipId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: MembershipDecision) =>
      unwrap(
        await api.POST('/api/v1/admin/memberships/{membership_id}/decision', {
          params: { path: { membership_id: membershipId } },
          body,
        }),
      ),
    // The queue, this item and the inbox's counts.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reviewsQueryKey }),
  });
}
