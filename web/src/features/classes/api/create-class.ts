import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { classesQueryKey } from './keys';

export type ClassForm = components['schemas']['ClassForm'];

/**
 * POST /orgs/{org}/classes (owner or admin). `on_demand` and `lexiang` are listed but the
 * server refuses them with a field error saying why.
 */
export function useCreateClass(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ClassForm) =>
      unwrap(
        await api.POST('/api/v1/orgs/{org_id}/classes', {
          params: { path: { org_id: orgId } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: classesQueryKey(orgId) }),
  });
}
