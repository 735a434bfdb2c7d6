import { useMutation } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type Registration = components['schemas']['Registration'];
export type RegistrationStatus = components['schemas']['RegistrationStatus'];

/**
 * POST /memberships (public): registers the unit, `pending` until an admin decides. 409
 * `member_already_registered` (sign in with the USCC) or `org_already_on_platform` (its owner
 * applies from the user center).
 */
export function useRegisterMembership() {
  return useMutation({
    mutationFn: async (body: Registration) =>
      unwrap(await api.POST('/api/v1/memberships', { body })),
  });
}
