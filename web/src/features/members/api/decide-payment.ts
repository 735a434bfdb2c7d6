import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { reviewsQueryKey } from './keys';

export type PaymentDecision = components['schemas']['PaymentDecision'];

/**
 * POST /admin/member-payments/{id}/decision: confirm (a receipt is issued) or reject with a
 * reason; 409 `wrong_state`, `dues_already_paid`.
 */
export function useDecidePayment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ paymentId, body }: { paymentId: string; body: PaymentDecision }) =>
      unwrap(
        await api.POST('/api/v1/admin/member-payments/{payment_id}/decision', {
          params: { path: { payment_id: paymentId } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reviewsQueryKey }),
  });
}
