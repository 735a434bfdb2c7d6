import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import type { ProviderForm } from './apply-provider';
import { providerQueryKey } from './get-provider';

/**
 * PUT /orgs/{id}/provider (owner or admin): address and phone apply at once; a change of
 * name, logo or intro goes to review (a rejected profile is resubmitted this way).
 */
export function useUpdateProvider(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ProviderForm) =>
      unwrap(
        await api.PUT('/api/v1/orgs/{org_id}/provider', {
          params: { path: { org_id: orgId } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: providerQueryKey(orgId) }),
  });
}
