import { useMutation, useQueryClient } from '@tanstack/react-query';

import { legalQueryKey, type LegalKind } from '@/hooks/use-legal-document';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type NewLegalVersion = components['schemas']['NewLegalVersion'];

/**
 * POST /admin/legal/{kind} (super admins): publishes the next version, which new users agree
 * to from then on; those who agreed to an earlier one are asked again. 409
 * `legal_publish_conflict` when another operator published at the same moment.
 */
export function usePublishLegalVersion(kind: LegalKind) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewLegalVersion) =>
      unwrap(await api.POST('/api/v1/admin/legal/{kind}', { params: { path: { kind } }, body })),
    // The current version and the history both changed (also after a conflict: another did).
    onSettled: () => queryClient.invalidateQueries({ queryKey: [...legalQueryKey, kind] }),
  });
}
