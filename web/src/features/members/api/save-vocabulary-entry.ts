import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { vocabularyQueryKey, type VocabularyKind } from './get-vocabulary';

export type VocabularyForm = components['schemas']['VocabularyForm'];

/**
 * POST /admin/member-vocabularies/{kind} (new) or PUT …/{kind}/{id} (rename, reorder, council,
 * disable); super admins only. 409 `already_exists` for a name the list has.
 */
export function useSaveVocabularyEntry(kind: VocabularyKind) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body }: { id?: string; body: VocabularyForm }) =>
      id
        ? unwrap(
            await api.PUT('/api/v1/admin/member-vocabularies/{kind}/{entry_id}', {
              params: { path: { kind, entry_id: id } },
              body,
            }),
          )
        : unwrap(
            await api.POST('/api/v1/admin/member-vocabularies/{kind}', {
              params: { path: { kind } },
              body,
            }),
          ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: vocabularyQueryKey(kind) }),
  });
}
