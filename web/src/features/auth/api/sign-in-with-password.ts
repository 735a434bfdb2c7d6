import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { keepSession } from './keep-session';

export type PasswordSignIn = Omit<components['schemas']['PasswordSignIn'], 'token_delivery'>;

/** POST /auth/sign-in/password: 401 `invalid_credentials`, 423 `password_locked`. */
export function useSignInWithPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: PasswordSignIn) =>
      unwrap(
        await api.POST('/api/v1/auth/sign-in/password', {
          body: { ...body, token_delivery: 'cookie' },
          credentials: 'include',
        }),
      ),
    onSuccess: (session) => keepSession(queryClient, session),
  });
}
