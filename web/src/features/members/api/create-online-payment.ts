import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { orgMembershipQueryKey } from './keys';

export type OnlineChannel = components['schemas']['OnlineChannel'];
export type OnlineCheckout = components['schemas']['OnlineCheckout'];

/**
 * POST /orgs/{org_id}/membership/payments: orders a year's dues at a gateway. `key` is the
 * `Idempotency-Key` (one per click): a retry of the same click replays the first order
 * instead of placing another. Answers the payment and either a QR code's content (WeChat
 * Native) or the gateway page to send the browser to (H5, Alipay).
 */
export function useCreateOnlinePayment(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({
      year,
      channel,
      key,
    }: {
      year: number;
      channel: OnlineChannel;
      key: string;
    }): Promise<OnlineCheckout> =>
      unwrap(
        await api.POST('/api/v1/orgs/{org_id}/membership/payments', {
          params: { path: { org_id: orgId }, header: { 'Idempotency-Key': key } },
          body: { year, channel },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgMembershipQueryKey(orgId) }),
  });
}
