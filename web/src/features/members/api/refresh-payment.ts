import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { orgMembershipQueryKey } from './keys';

/**
 * POST …/payments/{id}/refresh: asks the gateway how the order stands and settles it if paid
 * (the "I have paid" button, and the polling while a QR code is shown).
 */
export function useRefreshPayment(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (paymentId: string) =>
      unwrap(
        await api.POST('/api/v1/orgs/{org_id}/membership/payments/{payment_id}/refresh', {
          params: { path: { org_id: orgId, payment_id: paymentId } },
        }),
      ),
    onSuccess: (payment) => {
      if (payment.status !== 'pending') {
        void queryClient.invalidateQueries({ queryKey: orgMembershipQueryKey(orgId) });
      }
    },
  });
}
