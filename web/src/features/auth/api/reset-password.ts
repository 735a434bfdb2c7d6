import { useMutation } from '@tanstack/react-query';

import { api, expectOk } from '@/lib/api-client';
import type { components } from '@/types/api';

export type PasswordReset = components['schemas']['PasswordReset'];

/** POST /auth/password-reset with a code sent for purpose `reset`; every sign-in ends. */
export function useResetPassword() {
  return useMutation({
    mutationFn: async (body: PasswordReset) =>
      expectOk(await api.POST('/api/v1/auth/password-reset', { body })),
  });
}
