import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { webhooksQueryKey, type WebhookForm } from './get-webhooks';

/** PUT /orgs/{id}/webhooks/{endpoint_id} (owner): URL, events and whether it is active. */
export function useUpdateWebhook(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ endpointId, body }: { endpointId: string; body: WebhookForm }) =>
      unwrap(
        await api.PUT('/api/v1/orgs/{org_id}/webhooks/{endpoint_id}', {
          params: { path: { org_id: orgId, endpoint_id: endpointId } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksQueryKey(orgId) }),
  });
}
