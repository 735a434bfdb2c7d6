import { useMutation } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

/**
 * POST …/records/refresh (owner or admin): queues the pull of every session's live data and
 * answers the job (the one already queued or running, if any). Follow it with `useJob`.
 */
export function useRefreshRecords(orgId: string, classId: string) {
  return useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/orgs/{org_id}/classes/{class_id}/records/refresh', {
          params: { path: { org_id: orgId, class_id: classId } },
        }),
      ),
  });
}
