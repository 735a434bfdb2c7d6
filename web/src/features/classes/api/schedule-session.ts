import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { classQueryKey } from './keys';

export type SessionForm = components['schemas']['SessionForm'];

/**
 * POST …/sessions (owner or admin of a synced class): creates the live on DingTalk.
 * 409 `class_not_synced` before the first sync; 502 when DingTalk refuses.
 */
export function useScheduleSession(orgId: string, classId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: SessionForm) =>
      unwrap(
        await api.POST('/api/v1/orgs/{org_id}/classes/{class_id}/sessions', {
          params: { path: { org_id: orgId, class_id: classId } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: classQueryKey(orgId, classId) }),
  });
}
