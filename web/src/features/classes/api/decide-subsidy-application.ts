import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { adminSubsidyQueryKey, reviewInboxQueryKey } from './keys';

export type Decision = components['schemas']['Decision'];

/**
 * POST /admin/subsidy-applications/{id}/decision (reviewers): approve, or reject with a
 * note (required, shown to the org). 409 `wrong_state` when someone decided first.
 */
export function useDecideSubsidyApplication() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ applicationId, body }: { applicationId: string; body: Decision }) =>
      unwrap(
        await api.POST('/api/v1/admin/subsidy-applications/{application_id}/decision', {
          params: { path: { application_id: applicationId } },
          body,
        }),
      ),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: adminSubsidyQueryKey }),
        queryClient.invalidateQueries({ queryKey: reviewInboxQueryKey }),
      ]),
  });
}
