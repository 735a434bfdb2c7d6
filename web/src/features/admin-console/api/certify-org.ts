import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { orgsQueryKey } from './get-orgs';

/** POST /admin/orgs/{id}/certify: manual certification (super admins); 409 `already_certified`. */
export function useCertifyOrg() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (orgId: string) =>
      unwrap(
        await api.POST('/api/v1/admin/orgs/{org_id}/certify', {
          params: { path: { org_id: orgId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgsQueryKey }),
  });
}
