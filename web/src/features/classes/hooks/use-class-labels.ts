// A class's type, training mode and platform in the UI language. Modes and platforms are
// worded as the manual words them (线上直播, 阿里钉钉: `classes.modes`, `classes.platforms`),
// falling back to the API's label for a value this SPA does not know; the type comes from the
// class-type dictionary (the class itself carries only its Chinese name).

import { useTranslation } from 'react-i18next';

import { useEnumLabel } from '@/hooks/use-enum-label';
import { localized } from '@/utils/localized';

import { useClassTypes } from '../api/get-class-types';

export function useClassLabels() {
  const { t, i18n } = useTranslation();
  const serverMode = useEnumLabel('class_training_modes');
  const serverPlatform = useEnumLabel('class_platforms');
  const types = useClassTypes();
  const own = (group: 'modes' | 'platforms', value: string, fallback: string) =>
    i18n.exists(`classes.${group}.${value}`) ? t(`classes.${group}.${value}`) : fallback;
  return {
    mode: (value: string) => own('modes', value, serverMode(value)),
    platform: (value: string) => own('platforms', value, serverPlatform(value)),
    type: (code: string, name: string) => {
      const type = types.data?.find((entry) => entry.code === code);
      return type ? localized(type, 'name', i18n.language) : name;
    },
  };
}
