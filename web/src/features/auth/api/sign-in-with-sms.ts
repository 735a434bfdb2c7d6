import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { keepSession } from './keep-session';

export type SmsSignIn = Omit<components['schemas']['SmsSignIn'], 'token_delivery'>;

/**
 * POST /auth/sign-in/sms: signs in, or registers a new phone (then `agree_terms` is required).
 * The refresh token comes back as an HttpOnly cookie.
 */
export function useSignInWithSms() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: SmsSignIn) =>
      unwrap(
        await api.POST('/api/v1/auth/sign-in/sms', {
          body: { ...body, token_delivery: 'cookie' },
          credentials: 'include',
        }),
      ),
    onSuccess: (session) => keepSession(queryClient, session),
  });
}
