import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { adminMemberPaymentsQueryKey } from './keys';

export type PaymentFilter = { status: string; page: number; page_size: number };

export function getAdminPaymentsQueryOptions(filter: PaymentFilter) {
  return queryOptions({
    queryKey: [...adminMemberPaymentsQueryKey, filter],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/admin/member-payments', { params: { query: filter } })),
  });
}

/** GET /admin/member-payments: payments by status (`submitted`: offline ones to confirm). */
export function useAdminPayments(filter: PaymentFilter) {
  return useQuery({ ...getAdminPaymentsQueryOptions(filter), placeholderData: keepPreviousData });
}
