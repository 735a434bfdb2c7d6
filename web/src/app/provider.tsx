import { DownOutlined } from '@ant-design/icons';
import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { ErrorBoundary } from '@/components/error-boundary';
import { meQueryKey } from '@/hooks/use-me';
import { restoreSession } from '@/lib/api-client';
import { createQueryClient } from '@/lib/query-client';
import { getSession, subscribeSession } from '@/lib/session';

/** Whether the user asked the system for less motion (then antd animates nothing). */
function prefersReducedMotion() {
  return (
    typeof window !== 'undefined' &&
    typeof window.matchMedia === 'function' &&
    window.matchMedia('(prefers-reduced-motion: reduce)').matches
  );
}

export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  const [motion] = useState(() => !prefersReducedMotion());
  const { t, i18n } = useTranslation();
  // The server localises what it sends (problems, labels): ask again in the new language.
  useEffect(() => {
    const refetch = () => void queryClient.invalidateQueries();
    i18n.on('languageChanged', refetch);
    return () => i18n.off('languageChanged', refetch);
  }, [i18n, queryClient]);
  // A reload forgot the access token; the refresh cookie may still hold the session.
  useEffect(() => {
    void restoreSession();
    // When the session ends (signed out here, or the refresh was refused), drop what was
    // cached about that user.
    return subscribeSession(() => {
      if (getSession().status === 'signed-out') queryClient.removeQueries({ queryKey: meQueryKey });
    });
  }, [queryClient]);
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      theme={{ token: { colorPrimary: '#1677ff', borderRadius: 8, motion } }}
      // A tab row too long for a phone folds its last tabs into 更多 ▾ (antd's bare "…" went
      // unnoticed: the row looked cut off).
      tabs={{
        more: {
          icon: (
            <span className="tabs-more">
              {t('nav.moreTabs')} <DownOutlined aria-hidden />
            </span>
          ),
        },
      }}
    >
      <AntApp>
        <ErrorBoundary>
          <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
        </ErrorBoundary>
      </AntApp>
    </ConfigProvider>
  );
}
