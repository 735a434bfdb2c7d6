import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { providerQueryKey } from './get-provider';

export type CourseSummary = components['schemas']['CourseSummary'];
export type OwnCoursesFilter = { status?: string; q?: string; page: number; page_size: number };

export const ownCoursesQueryKey = (orgId: string) => [...providerQueryKey(orgId), 'courses'];

export function getOwnCoursesQueryOptions(orgId: string, filter: OwnCoursesFilter) {
  return queryOptions({
    queryKey: [...ownCoursesQueryKey(orgId), 'list', filter],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/courses', {
          params: {
            path: { org_id: orgId },
            query: {
              ...(filter.status ? { status: filter.status } : {}),
              ...(filter.q ? { q: filter.q } : {}),
              page: filter.page,
              page_size: filter.page_size,
            },
          },
        }),
      ),
  });
}

/** GET /orgs/{id}/courses: the provider's courses, newest change first. */
export function useOwnCourses(orgId: string, filter: OwnCoursesFilter) {
  return useQuery({
    ...getOwnCoursesQueryOptions(orgId, filter),
    placeholderData: keepPreviousData,
  });
}
