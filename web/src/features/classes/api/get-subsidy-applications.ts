import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { adminSubsidyQueryKey } from './keys';

export type ReviewStatus = 'pending' | 'approved' | 'rejected';

export function getSubsidyApplicationsQueryOptions(
  status: ReviewStatus,
  page: number,
  pageSize: number,
) {
  return queryOptions({
    queryKey: [...adminSubsidyQueryKey, 'applications', { status, page, pageSize }],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/admin/subsidy-applications', {
          params: { query: { status, page, page_size: pageSize } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** GET /admin/subsidy-applications (reviewers): by status, oldest first. */
export function useSubsidyApplications(status: ReviewStatus, page: number, pageSize: number) {
  return useQuery(getSubsidyApplicationsQueryOptions(status, page, pageSize));
}
