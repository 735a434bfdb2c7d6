import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, expectOk } from '@/lib/api-client';

import { linkedIdentitiesQueryKey } from './get-linked-identities';

/**
 * DELETE /me/identities/{provider} (an identity key: `wechat`, `dingtalk`, …); 409
 * `last_sign_in_method` when the account could no longer sign in without it.
 */
export function useUnlinkIdentity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (provider: string) =>
      expectOk(
        await api.DELETE('/api/v1/me/identities/{provider}', {
          params: { path: { provider } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: linkedIdentitiesQueryKey }),
  });
}
