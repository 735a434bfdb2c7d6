import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { orgMembershipQueryKey } from './keys';

export type Dues = components['schemas']['Dues'];
export type DueYear = components['schemas']['DueYear'];

export const duesQueryKey = (orgId: string) => [...orgMembershipQueryKey(orgId), 'dues'] as const;

export function getDuesQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: duesQueryKey(orgId),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/membership/dues', {
          params: { path: { org_id: orgId } },
        }),
      ),
  });
}

/** GET …/membership/dues: per year, newest first (409 `profile_incomplete` until complete). */
export function useDues(orgId: string, enabled = true) {
  return useQuery({ ...getDuesQueryOptions(orgId), enabled });
}
