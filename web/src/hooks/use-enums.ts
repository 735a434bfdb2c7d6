// GET /api/v1/meta/enums: every fixed vocabulary (genders, education levels, training
// modes, review states, …). Shared by many features, so it lives here, not in one feature.

import { queryOptions, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { api, unwrap } from '@/lib/api-client';
import type { paths } from '@/types/api';
import { localized } from '@/utils/localized';

export type Enums =
  paths['/api/v1/meta/enums']['get']['responses'][200]['content']['application/json'];
export type EnumKind = keyof Enums;
export type EnumOption = Enums[EnumKind][number];

export function getEnumsQueryOptions() {
  return queryOptions({
    queryKey: ['meta', 'enums'],
    queryFn: async () => unwrap(await api.GET('/api/v1/meta/enums')),
    // Fixed vocabularies change only with a server release.
    staleTime: Infinity,
  });
}

export function useEnums() {
  return useQuery(getEnumsQueryOptions());
}

/** One vocabulary as `Select`/`Radio` options in the UI's language (empty while loading). */
export function useEnumOptions(kind: EnumKind) {
  const { i18n } = useTranslation();
  const { data } = useEnums();
  return (data?.[kind] ?? []).map((option) => ({
    value: option.value,
    label: localized(option, 'label', i18n.language),
    disabled: !option.available,
  }));
}
