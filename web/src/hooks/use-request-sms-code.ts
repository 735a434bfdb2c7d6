// POST /api/v1/auth/sms-codes: a code to a phone, for signing in, resetting a password or
// proving a phone (`bind`). Shared because more than the auth feature proves phones: the
// member registration proves its contact mobile with a `bind` code too.

import { useMutation } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type SmsCodeRequest = components['schemas']['NewSmsCode'];

/** 202 with when a next code may be asked for; 429 with `Retry-After`. */
export function useRequestSmsCode() {
  return useMutation({
    mutationFn: async (body: SmsCodeRequest) =>
      unwrap(await api.POST('/api/v1/auth/sms-codes', { body })),
  });
}
