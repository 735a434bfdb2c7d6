import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { keepSession } from './keep-session';

export type FirstSsoLogin = Omit<components['schemas']['FirstLogin'], 'token_delivery'>;

/**
 * POST /auth/sso/complete: the first sign-in of an unknown identity (the `ticket` of the
 * callback, valid once for ten minutes). With a phone proved by a `bind` code it joins that
 * phone's account, or creates one with it (then `agree_terms` is required); without a phone
 * it creates an account (not for WeChat, which must end with a verified phone).
 * 401 `sso_code_invalid` when the ticket is used or expired.
 */
export function useCompleteSsoSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: FirstSsoLogin) =>
      unwrap(
        await api.POST('/api/v1/auth/sso/complete', {
          body: { ...body, token_delivery: 'cookie' },
          credentials: 'include',
        }),
      ),
    onSuccess: (session) => keepSession(queryClient, session),
  });
}
