import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, expectOk } from '@/lib/api-client';

import { webhooksQueryKey } from './get-webhooks';

/** DELETE /orgs/{id}/webhooks/{endpoint_id} (owner): the endpoint and its delivery log. */
export function useDeleteWebhook(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (endpointId: string) =>
      expectOk(
        await api.DELETE('/api/v1/orgs/{org_id}/webhooks/{endpoint_id}', {
          params: { path: { org_id: orgId, endpoint_id: endpointId } },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhooksQueryKey(orgId) }),
  });
}
