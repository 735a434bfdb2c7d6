import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { providerQueryKey } from './get-provider';

export type ProviderForm = components['schemas']['ProviderForm'];

/**
 * POST /orgs/{id}/provider (owner or admin of a certified org): saving submits for review.
 * 409 `org_not_certified` or `already_provider`.
 */
export function useApplyProvider(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ProviderForm) =>
      unwrap(
        await api.POST('/api/v1/orgs/{org_id}/provider', {
          params: { path: { org_id: orgId } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: providerQueryKey(orgId) }),
  });
}
