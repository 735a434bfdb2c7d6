import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { myOrgsQueryKey } from './get-my-orgs';

export type NewOrg = components['schemas']['NewOrg'];

/** POST /orgs: the caller becomes the owner of the new org. */
export function useCreateOrg() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewOrg) => unwrap(await api.POST('/api/v1/orgs', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: myOrgsQueryKey }),
  });
}
