import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type MemberStudyTime = components['schemas']['MemberStudyTime'];

/** Under ['me', 'orgs', …] with the org's other queries: dropped when the session ends. */
export const orgStudyTimeQueryKey = (orgId: string) => ['me', 'orgs', orgId, 'study-time'] as const;

export function getOrgStudyTimeQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: orgStudyTimeQueryKey(orgId),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/study-time', {
          params: { path: { org_id: orgId } },
        }),
      ),
  });
}

/**
 * GET /orgs/{id}/study-time (owner or admin): every member's on-demand study time in the
 * cloud classroom, mobiles masked, in the order they joined. One list, not paged.
 */
export function useOrgStudyTime(orgId: string) {
  return useQuery(getOrgStudyTimeQueryOptions(orgId));
}
