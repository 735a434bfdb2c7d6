import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { adminConsoleQueryKey } from './get-dashboard';

export type DictionaryEntry = components['schemas']['DictionaryEntry'];
/** The two shared dictionaries, by their path segment. */
export const dictionaries = ['categories', 'class-types'] as const;
export type Dictionary = (typeof dictionaries)[number];

export const dictionaryQueryKey = (dictionary: Dictionary) =>
  [...adminConsoleQueryKey, 'dictionaries', dictionary] as const;

export function getDictionaryQueryOptions(dictionary: Dictionary) {
  return queryOptions({
    queryKey: dictionaryQueryKey(dictionary),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/admin/dictionaries/{dictionary}', {
          params: { path: { dictionary } },
        }),
      ),
  });
}

/** GET /admin/dictionaries/{dictionary}: every entry, disabled ones too, in sort order. */
export function useDictionary(dictionary: Dictionary) {
  return useQuery(getDictionaryQueryOptions(dictionary));
}
