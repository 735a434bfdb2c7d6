import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import type { SubsidyRules } from './get-subsidy-rules';
import { subsidyRulesQueryKey } from './get-subsidy-rules';

/** PUT /admin/subsidy-rules (super admins): applications already made keep their rules. */
export function useSetSubsidyRules() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: SubsidyRules) =>
      unwrap(await api.PUT('/api/v1/admin/subsidy-rules', { body })),
    onSuccess: (rules) => queryClient.setQueryData(subsidyRulesQueryKey, rules),
  });
}
