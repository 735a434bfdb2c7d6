import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { integratorsQueryKey } from './get-api-clients';

export type WebhookEndpoint = components['schemas']['WebhookEndpoint'];
export type WebhookForm = components['schemas']['WebhookForm'];

export const webhooksQueryKey = (orgId: string) =>
  [...integratorsQueryKey(orgId), 'webhooks'] as const;

export function getWebhooksQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: webhooksQueryKey(orgId),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/webhooks', { params: { path: { org_id: orgId } } }),
      ),
  });
}

/** GET /orgs/{id}/webhooks (owner): the endpoints, oldest first. */
export function useWebhooks(orgId: string) {
  return useQuery(getWebhooksQueryOptions(orgId));
}
