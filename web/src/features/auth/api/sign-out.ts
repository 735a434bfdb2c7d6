import { useMutation } from '@tanstack/react-query';

import { api, expectOk } from '@/lib/api-client';
import { endSession } from '@/lib/session';

/**
 * POST /auth/sign-out ends the session on the server and clears the refresh cookie. This tab
 * forgets its token whatever the answer: a person who asked to sign out is signed out here.
 */
export function useSignOut() {
  return useMutation({
    mutationFn: async () => {
      try {
        expectOk(await api.POST('/api/v1/auth/sign-out', { body: {}, credentials: 'include' }));
      } finally {
        endSession();
      }
    },
  });
}
