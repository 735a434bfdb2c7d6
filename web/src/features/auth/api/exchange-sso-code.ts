import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { keepSession } from './keep-session';

/**
 * POST /auth/sso/exchange: the one-time `code` the SSO callback put in the address (valid
 * once, for two minutes) for a session; 401 `sso_code_invalid` when used or expired.
 */
export function useExchangeSsoCode() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (code: string) =>
      unwrap(
        await api.POST('/api/v1/auth/sso/exchange', {
          body: { code, token_delivery: 'cookie' },
          credentials: 'include',
        }),
      ),
    onSuccess: (session) => keepSession(queryClient, session),
  });
}
