import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, expectOk } from '@/lib/api-client';

import { webhookDeliveriesQueryKey } from './get-webhook-deliveries';

/** POST …/deliveries/{delivery_id}/redeliver (owner): queued now (202), whatever became of it. */
export function useRedeliverWebhook(orgId: string, endpointId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (deliveryId: string) =>
      expectOk(
        await api.POST(
          '/api/v1/orgs/{org_id}/webhooks/{endpoint_id}/deliveries/{delivery_id}/redeliver',
          { params: { path: { org_id: orgId, endpoint_id: endpointId, delivery_id: deliveryId } } },
        ),
      ),
    onSettled: () =>
      queryClient.invalidateQueries({ queryKey: webhookDeliveriesQueryKey(orgId, endpointId) }),
  });
}
