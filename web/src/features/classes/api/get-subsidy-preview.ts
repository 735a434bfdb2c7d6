import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { classQueryKey } from './keys';

export type SubsidyPreview = components['schemas']['SubsidyPreview'];

export function getSubsidyPreviewQueryOptions(orgId: string, classId: string) {
  return queryOptions({
    queryKey: [...classQueryKey(orgId, classId), 'subsidy', 'preview'],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/classes/{class_id}/subsidy-preview', {
          params: { path: { org_id: orgId, class_id: classId } },
        }),
      ),
  });
}

/** GET …/subsidy-preview (any member): qualified students and the amount under today's rules. */
export function useSubsidyPreview(orgId: string, classId: string) {
  return useQuery(getSubsidyPreviewQueryOptions(orgId, classId));
}
