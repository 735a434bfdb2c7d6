import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { classesQueryKey } from './keys';

export type TrainingClass = components['schemas']['Class'];

export function getClassesQueryOptions(orgId: string, page: number, pageSize: number) {
  return queryOptions({
    queryKey: [...classesQueryKey(orgId), 'list', { page, pageSize }],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/classes', {
          params: { path: { org_id: orgId }, query: { page, page_size: pageSize } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** GET /orgs/{org}/classes (any member): newest first, one page. */
export function useClasses(orgId: string, page: number, pageSize: number) {
  return useQuery(getClassesQueryOptions(orgId, page, pageSize));
}
