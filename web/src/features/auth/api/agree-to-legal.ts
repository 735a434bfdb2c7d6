import { useMutation } from '@tanstack/react-query';

import { api, expectOk } from '@/lib/api-client';
import type { components } from '@/types/api';

export type AgreeTo = components['schemas']['AgreeTo'];

/**
 * POST /me/agreements: the signed-in user agrees to the version of a text they were shown;
 * 409 `legal_version_outdated` when a newer one was published since (show it and ask again).
 */
export function useAgreeToLegal() {
  return useMutation({
    mutationFn: async (agreements: AgreeTo[]) => {
      for (const body of agreements) {
        expectOk(await api.POST('/api/v1/me/agreements', { body }));
      }
    },
  });
}
