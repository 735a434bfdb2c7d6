import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { dictionaryQueryKey, type Dictionary } from './get-dictionary';

export type DictionaryForm = components['schemas']['DictionaryForm'];

/**
 * POST /admin/dictionaries/{dictionary} (a new entry) or PUT …/{entry_id} (rename, reorder,
 * disable, enable; the code stays as created). Super admins only; 409 `already_exists`,
 * 422 with `code` for a malformed code.
 */
export function useSaveDictionaryEntry(dictionary: Dictionary) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ entryId, form }: { entryId?: string; form: DictionaryForm }) =>
      unwrap(
        entryId
          ? await api.PUT('/api/v1/admin/dictionaries/{dictionary}/{entry_id}', {
              params: { path: { dictionary, entry_id: entryId } },
              body: form,
            })
          : await api.POST('/api/v1/admin/dictionaries/{dictionary}', {
              params: { path: { dictionary } },
              body: form,
            }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dictionaryQueryKey(dictionary) }),
  });
}
