import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { orgMembershipQueryKey } from './keys';
import type { OfflinePaymentForm } from './submit-offline-payment';

/**
 * PUT …/offline-payments/{id}: changes a submitted or rejected one (a rejected one is
 * submitted again); 409 `wrong_state` once confirmed.
 */
export function useUpdateOfflinePayment(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ paymentId, body }: { paymentId: string; body: OfflinePaymentForm }) =>
      unwrap(
        await api.PUT('/api/v1/orgs/{org_id}/membership/offline-payments/{payment_id}', {
          params: { path: { org_id: orgId, payment_id: paymentId } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgMembershipQueryKey(orgId) }),
  });
}
