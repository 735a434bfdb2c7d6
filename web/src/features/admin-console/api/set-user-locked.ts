import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { usersQueryKey } from './get-users';

/**
 * POST /admin/users/{id}/lock (signed out everywhere, cannot sign in) or …/unlock; super
 * admins only. 409 `cannot_lock_self` for the operator's own account.
 */
export function useSetUserLocked() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ userId, locked }: { userId: string; locked: boolean }) => {
      const params = { path: { user_id: userId } };
      return unwrap(
        locked
          ? await api.POST('/api/v1/admin/users/{user_id}/lock', { params })
          : await api.POST('/api/v1/admin/users/{user_id}/unlock', { params }),
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersQueryKey }),
  });
}
