import { useMutation, useQueryClient } from '@tanstack/react-query';

import { meQueryKey } from '@/hooks/use-me';
import { api, expectOk } from '@/lib/api-client';
import type { components } from '@/types/api';

export type PasswordChange = components['schemas']['PasswordChange'];

/** PUT /me/password: sets a first password or changes it; other sign-ins end, this one stays. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: PasswordChange) =>
      expectOk(await api.PUT('/api/v1/me/password', { body })),
    // `has_password` may have changed.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
}
