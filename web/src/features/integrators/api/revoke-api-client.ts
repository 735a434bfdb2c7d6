import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, expectOk } from '@/lib/api-client';

import { apiClientsQueryKey } from './get-api-clients';

/** DELETE /orgs/{id}/api-clients/{client_id} (owner): the credential and its tokens stop at once. */
export function useRevokeApiClient(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (clientId: string) =>
      expectOk(
        await api.DELETE('/api/v1/orgs/{org_id}/api-clients/{client_id}', {
          params: { path: { org_id: orgId, client_id: clientId } },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: apiClientsQueryKey(orgId) }),
  });
}
