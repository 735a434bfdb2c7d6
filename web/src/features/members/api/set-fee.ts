import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { feesQueryKey, type Fee } from './get-fees';

/** PUT /admin/member-fees (super admins): a level's dues for a year; paid dues keep theirs. */
export function useSetFee() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: Fee) => unwrap(await api.PUT('/api/v1/admin/member-fees', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: feesQueryKey }),
  });
}
