import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, expectOk } from '@/lib/api-client';

import { orgMembershipQueryKey } from './keys';

/** DELETE …/offline-payments/{id}: withdraws one not yet confirmed (409 `wrong_state`). */
export function useDeleteOfflinePayment(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (paymentId: string) =>
      expectOk(
        await api.DELETE('/api/v1/orgs/{org_id}/membership/offline-payments/{payment_id}', {
          params: { path: { org_id: orgId, payment_id: paymentId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgMembershipQueryKey(orgId) }),
  });
}
