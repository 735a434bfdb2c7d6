import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { webhookDeliveriesQueryKey } from './get-webhook-deliveries';

/**
 * POST /orgs/{id}/webhooks/{endpoint_id}/ping (owner): a test event (`ping`) queued now (202),
 * whatever the endpoint subscribes to; the answer is the delivery, to follow in the log.
 */
export function usePingWebhook(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (endpointId: string) =>
      unwrap(
        await api.POST('/api/v1/orgs/{org_id}/webhooks/{endpoint_id}/ping', {
          params: { path: { org_id: orgId, endpoint_id: endpointId } },
        }),
      ),
    onSettled: (_data, _error, endpointId) =>
      queryClient.invalidateQueries({ queryKey: webhookDeliveriesQueryKey(orgId, endpointId) }),
  });
}
