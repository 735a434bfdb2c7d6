import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { adminSubsidyQueryKey } from './keys';

export type SubsidyRules = components['schemas']['SubsidyRules'];

export const subsidyRulesQueryKey = [...adminSubsidyQueryKey, 'rules'] as const;

export function getSubsidyRulesQueryOptions() {
  return queryOptions({
    queryKey: subsidyRulesQueryKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/admin/subsidy-rules')),
  });
}

/** GET /admin/subsidy-rules (any platform operator): the threshold and amount in force. */
export function useSubsidyRules() {
  return useQuery(getSubsidyRulesQueryOptions());
}
