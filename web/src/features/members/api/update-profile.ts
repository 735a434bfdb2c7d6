import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { orgMembershipQueryKey } from './keys';

export type ProfileUpdate = components['schemas']['ProfileUpdate'];

/**
 * PUT /orgs/{org_id}/membership/profile (owner or admin): the whole profile each time. An
 * incomplete one is kept as a draft; the answer's `missing` says what is left.
 */
export function useUpdateProfile(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ProfileUpdate) =>
      unwrap(
        await api.PUT('/api/v1/orgs/{org_id}/membership/profile', {
          params: { path: { org_id: orgId } },
          body,
        }),
      ),
    onSuccess: async (membership) => {
      queryClient.setQueryData(orgMembershipQueryKey(orgId), membership);
      // Completing the profile opens the dues.
      await queryClient.invalidateQueries({ queryKey: [...orgMembershipQueryKey(orgId), 'dues'] });
    },
  });
}
