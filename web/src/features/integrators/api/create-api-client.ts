import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { apiClientsQueryKey } from './get-api-clients';

export type NewApiClient = components['schemas']['NewApiClient'];
export type CreatedApiClient = components['schemas']['CreatedApiClient'];

/** POST /orgs/{id}/api-clients (owner): the answer carries the secret, this once only. */
export function useCreateApiClient(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewApiClient) =>
      unwrap(
        await api.POST('/api/v1/orgs/{org_id}/api-clients', {
          params: { path: { org_id: orgId } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiClientsQueryKey(orgId) }),
  });
}
