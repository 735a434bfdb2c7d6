import { useMutation } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type MemberCredentials = components['schemas']['MemberCredentials'];
export type MemberChallenge = components['schemas']['MemberChallenge'];

/**
 * POST /member-auth/sign-in: the first factor. Answers a challenge for the WeChat step; 401
 * `member_invalid_credentials`, 409 `membership_pending` / `membership_rejected` (the reason
 * in `detail`), 423 locked after repeated wrong passwords.
 */
export function useSignInMember() {
  return useMutation({
    mutationFn: async (body: MemberCredentials) =>
      unwrap(await api.POST('/api/v1/member-auth/sign-in', { body })),
  });
}
