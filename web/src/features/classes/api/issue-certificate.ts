import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { certificateQueryKey } from './get-certificate';

/**
 * POST …/certificate (owner or admin): the class's certificate — the current one while the
 * records are unchanged, otherwise a new serial (the old one is then revoked).
 */
export function useIssueCertificate(orgId: string, classId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/orgs/{org_id}/classes/{class_id}/certificate', {
          params: { path: { org_id: orgId, class_id: classId } },
        }),
      ),
    // The issued certificate is now the current one.
    onSuccess: (issued) => queryClient.setQueryData(certificateQueryKey(orgId, classId), issued),
  });
}
