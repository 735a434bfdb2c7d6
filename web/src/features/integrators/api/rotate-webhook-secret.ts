import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { webhooksQueryKey } from './get-webhooks';

/**
 * POST /orgs/{id}/webhooks/{endpoint_id}/secret (owner): a new signing secret, in the answer
 * this once only; the old one keeps signing beside it for `overlap_hours` (0–168).
 */
export function useRotateWebhookSecret(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({
      endpointId,
      overlapHours,
    }: {
      endpointId: string;
      overlapHours: number;
    }) =>
      unwrap(
        await api.POST('/api/v1/orgs/{org_id}/webhooks/{endpoint_id}/secret', {
          params: { path: { org_id: orgId, endpoint_id: endpointId } },
          body: { overlap_hours: overlapHours },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksQueryKey(orgId) }),
  });
}
