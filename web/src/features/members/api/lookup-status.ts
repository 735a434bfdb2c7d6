import { useMutation } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import type { RegistrationStatus } from './register-membership';

/**
 * POST /memberships/status (public, rate-limited: 429 with Retry-After): the state of the
 * registration whose USCC or contact mobile is `account`, and the reason when rejected; 404
 * when none matches. A mutation: each look-up is an explicit act, never cached.
 */
export function useLookupStatus() {
  return useMutation({
    mutationFn: async (account: string): Promise<RegistrationStatus> =>
      unwrap(await api.POST('/api/v1/memberships/status', { body: { account } })),
  });
}
