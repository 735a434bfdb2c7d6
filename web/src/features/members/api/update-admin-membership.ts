import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { adminMembershipsQueryKey } from './keys';

export type AdminMembershipUpdate = components['schemas']['AdminMembershipUpdate'];

/** PUT /admin/memberships/{id}: the admin-only fields (name, USCC, contact mobile, level, tags). */
export function useUpdateAdminMembership(membershipId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: AdminMembershipUpdate) =>
      unwrap(
        await api.PUT('/api/v1/admin/memberships/{membership_id}', {
          params: { path: { membership_id: membershipId } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminMembershipsQueryKey }),
  });
}
