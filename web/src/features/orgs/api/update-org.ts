import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { myOrgsQueryKey } from './get-my-orgs';

export type OrgChanges = components['schemas']['OrgChanges'];

/**
 * PATCH /orgs/{id} (owner or admin). Only the fields sent change; once certified, the API
 * refuses name, USCC and legal representative (`read_only_when_certified`).
 */
export function useUpdateOrg(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: OrgChanges) =>
      unwrap(
        await api.PATCH('/api/v1/orgs/{org_id}', { params: { path: { org_id: orgId } }, body }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: myOrgsQueryKey }),
  });
}
