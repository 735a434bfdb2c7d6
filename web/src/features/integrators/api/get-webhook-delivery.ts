import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { webhookDeliveriesQueryKey } from './get-webhook-deliveries';

export type WebhookDeliveryDetail = components['schemas']['WebhookDeliveryDetail'];
export type WebhookAttempt = components['schemas']['WebhookAttempt'];

export function getWebhookDeliveryQueryOptions(
  orgId: string,
  endpointId: string,
  deliveryId: string,
) {
  return queryOptions({
    // Under the endpoint's deliveries: refreshing the log (a redelivery, a ping) refreshes it too.
    queryKey: [...webhookDeliveriesQueryKey(orgId, endpointId), 'detail', deliveryId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/webhooks/{endpoint_id}/deliveries/{delivery_id}', {
          params: { path: { org_id: orgId, endpoint_id: endpointId, delivery_id: deliveryId } },
        }),
      ),
  });
}

/** GET …/deliveries/{delivery_id} (owner): the delivery with every attempt, oldest first. */
export function useWebhookDelivery(orgId: string, endpointId: string, deliveryId: string) {
  return useQuery(getWebhookDeliveryQueryOptions(orgId, endpointId, deliveryId));
}
