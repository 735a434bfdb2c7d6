import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { memberSettingsQueryKey } from './keys';

export type VocabularyKind = 'user_type' | 'level' | 'tag';

export const vocabularyQueryKey = (kind: VocabularyKind) =>
  [...memberSettingsQueryKey, 'vocabulary', kind] as const;

export function getVocabularyQueryOptions(kind: VocabularyKind) {
  return queryOptions({
    queryKey: vocabularyQueryKey(kind),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/admin/member-vocabularies/{kind}', {
          params: { path: { kind } },
        }),
      ),
  });
}

/** GET /admin/member-vocabularies/{kind}: user types, levels or tags, disabled ones too. */
export function useVocabulary(kind: VocabularyKind) {
  return useQuery(getVocabularyQueryOptions(kind));
}
