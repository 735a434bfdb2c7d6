import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type Verification = components['schemas']['Verification'];

export function getVerificationQueryOptions(serial: string) {
  return queryOptions({
    queryKey: ['certificates', serial],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/certificates/{serial}', { params: { path: { serial } } })),
    // A 404 means "no such certificate": an answer, not a failure to retry.
    retry: false,
  });
}

/** GET /certificates/{serial} (anyone): genuine and valid, or revoked; 404 when unknown. */
export function useVerification(serial: string) {
  return useQuery(getVerificationQueryOptions(serial));
}
