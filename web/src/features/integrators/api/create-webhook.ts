import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { webhooksQueryKey, type WebhookForm } from './get-webhooks';

export type CreatedWebhookEndpoint = components['schemas']['CreatedWebhookEndpoint'];

/** POST /orgs/{id}/webhooks (owner): the answer carries the signing secret, this once only. */
export function useCreateWebhook(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: WebhookForm) =>
      unwrap(
        await api.POST('/api/v1/orgs/{org_id}/webhooks', {
          params: { path: { org_id: orgId } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksQueryKey(orgId) }),
  });
}
