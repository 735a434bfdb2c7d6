import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { webhooksQueryKey } from './get-webhooks';

export type WebhookDelivery = components['schemas']['WebhookDelivery'];

export const webhookDeliveriesQueryKey = (orgId: string, endpointId: string) =>
  [...webhooksQueryKey(orgId), endpointId, 'deliveries'] as const;

export function getWebhookDeliveriesQueryOptions(orgId: string, endpointId: string, page: number) {
  return queryOptions({
    queryKey: [...webhookDeliveriesQueryKey(orgId, endpointId), { page }],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/webhooks/{endpoint_id}/deliveries', {
          params: { path: { org_id: orgId, endpoint_id: endpointId }, query: { page } },
        }),
      ),
  });
}

/** GET /orgs/{id}/webhooks/{endpoint_id}/deliveries (owner): one page, newest first. */
export function useWebhookDeliveries(orgId: string, endpointId: string, page: number) {
  return useQuery({
    ...getWebhookDeliveriesQueryOptions(orgId, endpointId, page),
    placeholderData: keepPreviousData,
  });
}
