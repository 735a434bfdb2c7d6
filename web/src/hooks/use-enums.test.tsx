import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';

import { changeLanguage } from '@/lib/i18n';
import { stubApi } from '@/testing/test-utils';

import { useEnumOptions, type Enums } from './use-enums';

const option = (value: string, label_zh: string, label_en: string, available = true) => ({
  value,
  label_zh,
  label_en,
  available,
});

const enums: Enums = {
  genders: [option('male', '男', 'Male'), option('female', '女', 'Female')],
  education_levels: [],
  course_training_modes: [],
  class_training_modes: [],
  class_platforms: [
    option('dingtalk', '钉钉', 'DingTalk'),
    option('lexiang', '腾讯乐享', 'Lexiang', false),
  ],
  org_roles: [],
  certification_states: [],
  review_states: [],
  payment_channels: [],
};

function wrapper({ children }: { children: ReactNode }) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

describe('useEnumOptions', () => {
  it('gives a vocabulary as options in the UI language', async () => {
    stubApi({ '/api/v1/meta/enums': { body: enums } });

    const { result } = renderHook(() => useEnumOptions('genders'), { wrapper });

    await waitFor(() =>
      expect(result.current).toEqual([
        { value: 'male', label: '男', disabled: false },
        { value: 'female', label: '女', disabled: false },
      ]),
    );
  });

  it('marks values that are listed but not open yet as disabled', async () => {
    await changeLanguage('en');
    stubApi({ '/api/v1/meta/enums': { body: enums } });

    const { result } = renderHook(() => useEnumOptions('class_platforms'), { wrapper });

    await waitFor(() =>
      expect(result.current).toEqual([
        { value: 'dingtalk', label: 'DingTalk', disabled: false },
        { value: 'lexiang', label: 'Lexiang', disabled: true },
      ]),
    );
  });
});
