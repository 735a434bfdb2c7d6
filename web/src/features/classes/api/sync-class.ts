import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { classesQueryKey } from './keys';

export type SyncOutcome = components['schemas']['SyncOutcome'];

/**
 * POST …/sync (owner or admin): the class's DingTalk department (with its group) and its
 * activated students as members. Safe to repeat. Students DingTalk refused come back in
 * `failures` with its reason in plain words; a refusal of the whole sync is a 502 problem.
 */
export function useSyncClass(orgId: string, classId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/orgs/{org_id}/classes/{class_id}/sync', {
          params: { path: { org_id: orgId, class_id: classId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: classesQueryKey(orgId) }),
  });
}
