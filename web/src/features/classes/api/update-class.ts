import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { classesQueryKey } from './keys';

export type ClassChanges = components['schemas']['ClassChanges'];

/** PATCH /orgs/{org}/classes/{class} (owner or admin): rename or change the type. */
export function useUpdateClass(orgId: string, classId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ClassChanges) =>
      unwrap(
        await api.PATCH('/api/v1/orgs/{org_id}/classes/{class_id}', {
          params: { path: { org_id: orgId, class_id: classId } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: classesQueryKey(orgId) }),
  });
}
