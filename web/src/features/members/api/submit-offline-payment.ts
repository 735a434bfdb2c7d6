import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { orgMembershipQueryKey } from './keys';

export type OfflinePaymentForm = components['schemas']['OfflinePaymentForm'];

/**
 * POST …/membership/offline-payments (owner or admin): waits for an admin's confirmation. 409
 * `no_fee_for_year`, `dues_already_paid`, `payment_in_progress`, `profile_incomplete`.
 */
export function useSubmitOfflinePayment(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: OfflinePaymentForm) =>
      unwrap(
        await api.POST('/api/v1/orgs/{org_id}/membership/offline-payments', {
          params: { path: { org_id: orgId } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgMembershipQueryKey(orgId) }),
  });
}
