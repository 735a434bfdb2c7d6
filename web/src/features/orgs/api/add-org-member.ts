import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { orgMembersQueryKey } from './get-org-members';

export type NewMember = components['schemas']['NewMember'];

/** POST /orgs/{id}/members (owner): a sub-account by phone; a new phone gets an account. */
export function useAddOrgMember(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewMember) =>
      unwrap(
        await api.POST('/api/v1/orgs/{org_id}/members', {
          params: { path: { org_id: orgId } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgMembersQueryKey(orgId) }),
  });
}
