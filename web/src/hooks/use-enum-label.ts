import { useTranslation } from 'react-i18next';

import { localized } from '@/utils/localized';

import { useEnums, type EnumKind } from './use-enums';

/** A function giving one value's label in the UI language (the raw value while loading). */
export function useEnumLabel(kind: EnumKind): (value: string | null | undefined) => string {
  const { i18n } = useTranslation();
  const { data } = useEnums();
  return (value) => {
    const option = data?.[kind].find((o) => o.value === value);
    return option ? localized(option, 'label', i18n.language) : (value ?? '');
  };
}
