import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { orgMembershipQueryKey } from './keys';

export type Payment = components['schemas']['Payment'];
export type PageQuery = { page: number; page_size: number };

export const paymentsQueryKey = (orgId: string) =>
  [...orgMembershipQueryKey(orgId), 'payments'] as const;

export function getPaymentsQueryOptions(orgId: string, query: PageQuery) {
  return queryOptions({
    queryKey: [...paymentsQueryKey(orgId), query],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/membership/payments', {
          params: { path: { org_id: orgId }, query },
        }),
      ),
  });
}

/** GET …/membership/payments: every payment, online and offline, newest first. */
export function usePayments(orgId: string, query: PageQuery) {
  return useQuery({ ...getPaymentsQueryOptions(orgId, query), placeholderData: keepPreviousData });
}
