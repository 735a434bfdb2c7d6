import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { usersQueryKey, type UserSummary } from './get-users';

type UsersPage = { items: UserSummary[] };

/**
 * DELETE /admin/users/{id}/identities/{provider}: unbinds a WeChat, DingTalk, 海易办 … identity
 * so the user can bind a new one (super admins only). Answers the updated account; 409
 * `last_sign_in_method` when it is the account's only way to sign in, 404 when not linked.
 */
export function useResetUserIdentity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ userId, provider }: { userId: string; provider: string }) =>
      unwrap(
        await api.DELETE('/api/v1/admin/users/{user_id}/identities/{provider}', {
          params: { path: { user_id: userId, provider } },
        }),
      ),
    onSuccess: (updated: UserSummary) => {
      // The row changes at once; the list is read again behind it.
      queryClient.setQueriesData<UsersPage>({ queryKey: usersQueryKey }, (page) =>
        page
          ? { ...page, items: page.items.map((u) => (u.id === updated.id ? updated : u)) }
          : page,
      );
      return queryClient.invalidateQueries({ queryKey: usersQueryKey });
    },
  });
}
