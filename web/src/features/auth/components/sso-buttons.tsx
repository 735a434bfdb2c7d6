import {
  DingdingOutlined,
  KeyOutlined,
  SafetyCertificateOutlined,
  WechatOutlined,
} from '@ant-design/icons';
import { Button, Divider, Flex } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { goToUrl } from '@/utils/go-to-url';
import { localized } from '@/utils/localized';

import { useSsoProviders } from '../api/get-sso-providers';
import { useStartSso } from '../api/start-sso';
import { identityKeyOf, isInsideWeChat, providersForBrowser } from '../sso';

const icons: Record<string, ReactNode> = {
  wechat: <WechatOutlined aria-hidden />,
  dingtalk: <DingdingOutlined aria-hidden />,
  hainan_gov: <SafetyCertificateOutlined aria-hidden />,
  oidc: <KeyOutlined aria-hidden />,
};

/** The icon of a provider's kind of account (a key for any other). */
export function providerIcon(provider: string): ReactNode {
  return icons[identityKeyOf(provider)] ?? <KeyOutlined aria-hidden />;
}

/**
 * 其他登录方式: a button per SSO provider this deployment offers and this browser can use.
 * Signed out, the API starts a sign-in that comes back to `/login/sso` and then to `next`.
 * Nothing is shown while the list loads or when it cannot be had: SMS sign-in still works.
 */
export function SsoButtons({ next }: { next?: string }) {
  const { t, i18n } = useTranslation();
  const providers = useSsoProviders();
  const start = useStartSso();
  const shown = providersForBrowser(providers.data ?? [], isInsideWeChat());
  if (shown.length === 0) return null;

  // Stays busy until the browser has left: a second click would start a second sign-in.
  const leaving = start.isPending || start.isSuccess ? start.variables?.provider : undefined;

  return (
    <section aria-label={t('sso.otherWays')}>
      <Divider plain>{t('sso.otherWays')}</Divider>
      <ProblemAlert error={start.error} />
      <Flex wrap gap="small" justify="center" className="sso-buttons">
        {shown.map(({ provider, label_zh, label_en }) => (
          <Button
            key={provider}
            icon={providerIcon(provider)}
            loading={leaving === provider}
            disabled={leaving !== undefined && leaving !== provider}
            onClick={() => start.mutate({ provider, next }, { onSuccess: (url) => goToUrl(url) })}
          >
            {localized({ label_zh, label_en }, 'label', i18n.language)}
          </Button>
        ))}
      </Flex>
    </section>
  );
}
