import { queryOptions, useQuery } from '@tanstack/react-query';

import { meQueryKey } from '@/hooks/use-me';
import { useSessionStatus } from '@/hooks/use-session';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type Agreement = components['schemas']['Agreement'];

// Under ['me', …]: dropped with everything else of the user when the session ends.
export const myAgreementsQueryKey = [...meQueryKey, 'agreements'] as const;

/**
 * GET /me/agreements: where the signed-in user stands with the texts they must agree to (the
 * legal statement and privacy policy; the charter once they registered a member unit).
 */
export function getMyAgreementsQueryOptions() {
  return queryOptions({
    queryKey: myAgreementsQueryKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/me/agreements')),
  });
}

/** Never asked for a visitor: only while signed in. */
export function useMyAgreements() {
  const signedIn = useSessionStatus() === 'signed-in';
  return useQuery({ ...getMyAgreementsQueryOptions(), enabled: signedIn });
}
