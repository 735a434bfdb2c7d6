import { App, Button, Card, Flex, Popconfirm, Skeleton, Tag, theme, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { formatDate } from '@/utils/format-date';
import { goToUrl } from '@/utils/go-to-url';

import { useLinkedIdentities, type LinkedIdentity } from '../api/get-linked-identities';
import { useSsoProviders, type SsoProvider } from '../api/get-sso-providers';
import { useStartSso } from '../api/start-sso';
import { useUnlinkIdentity } from '../api/unlink-identity';
import { identityKeyOf, identityName, isInsideWeChat, providersForBrowser } from '../sso';
import { providerIcon } from './sso-buttons';

type Row = {
  /** The identity key, as `/me/identities` names it. */
  key: string;
  identity?: LinkedIdentity;
  /** The provider to link with in this browser, if any offered here signs in as `key`. */
  linkWith?: string;
};

/**
 * One row per kind of account: each one the deployment offers (WeChat QR and WeChat H5 are
 * one identity), and any linked identity whose provider is no longer offered, so it can
 * still be unlinked.
 */
function rowsOf(providers: readonly SsoProvider[], identities: readonly LinkedIdentity[]): Row[] {
  const usable = new Set(providersForBrowser(providers, isInsideWeChat()).map((p) => p.provider));
  const rows = new Map<string, Row>();
  for (const { provider } of providers) {
    const key = identityKeyOf(provider);
    const row = rows.get(key) ?? { key };
    if (!row.linkWith && usable.has(provider)) row.linkWith = provider;
    rows.set(key, row);
  }
  for (const identity of identities) {
    rows.set(identity.provider, {
      ...(rows.get(identity.provider) ?? {}),
      key: identity.provider,
      identity,
    });
  }
  return [...rows.values()];
}

/**
 * 账号绑定: the WeChat, DingTalk, 海易办 … identities that sign in to this account. Linking
 * leaves for the provider and comes back here (`useLinkOutcome` tells how it went);
 * unlinking asks first, and the server refuses to unlink the last way to sign in.
 */
export function LinkedAccountsCard() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { token } = theme.useToken();
  const providers = useSsoProviders();
  const identities = useLinkedIdentities();
  const start = useStartSso();
  const unlink = useUnlinkIdentity();

  let body;
  if (identities.isPending || providers.isPending) {
    body = <Skeleton active paragraph={{ rows: 3 }} />;
  } else if (identities.isError) {
    body = (
      <>
        <ProblemAlert error={identities.error} />
        <Button onClick={() => void identities.refetch()}>{t('errors.retry')}</Button>
      </>
    );
  } else {
    // Stays busy until the browser has left: a second click would start a second link.
    const leaving = start.isPending || start.isSuccess ? start.variables?.provider : undefined;
    const rows = rowsOf(providers.data ?? [], identities.data);
    body = (
      <>
        <ProblemAlert error={start.error ?? unlink.error} />
        {rows.length === 0 && <Typography.Text type="secondary">{t('sso.none')}</Typography.Text>}
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {rows.map(({ key, identity, linkWith }, index) => {
            const name = identityName(t, key);
            let action;
            if (identity) {
              action = (
                <Popconfirm
                  title={t('sso.unlinkTitle', { name })}
                  description={t('sso.unlinkText', { name })}
                  okText={t('sso.unlinkConfirm')}
                  cancelText={t('sso.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() =>
                    unlink.mutateAsync(key).then(
                      () => void message.success(t('sso.unlinked', { name })),
                      () => undefined, // shown above the list
                    )
                  }
                >
                  <Button>{t('sso.unlink')}</Button>
                </Popconfirm>
              );
            } else if (linkWith) {
              action = (
                <Button
                  type="primary"
                  ghost
                  loading={leaving === linkWith}
                  disabled={leaving !== undefined && leaving !== linkWith}
                  onClick={() =>
                    start.mutate(
                      { provider: linkWith, next: paths.userCenter.path },
                      { onSuccess: (url) => goToUrl(url) },
                    )
                  }
                >
                  {t('sso.link')}
                </Button>
              );
            } else {
              action = <Typography.Text type="secondary">{t('sso.notHere')}</Typography.Text>;
            }
            return (
              <Flex
                key={identity?.id ?? key}
                component="li"
                aria-label={name}
                wrap
                align="center"
                justify="space-between"
                gap="small"
                style={{
                  padding: '12px 0',
                  borderTop: index > 0 ? `1px solid ${token.colorSplit}` : undefined,
                }}
              >
                <Flex align="center" gap="middle" style={{ flex: '1 1 200px', minWidth: 0 }}>
                  <span aria-hidden style={{ fontSize: 24, color: token.colorTextSecondary }}>
                    {providerIcon(key)}
                  </span>
                  <div style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                    <Typography.Text strong style={{ marginInlineEnd: 8 }}>
                      {name}
                    </Typography.Text>
                    {identity ? (
                      <Tag color="success">{t('sso.linked')}</Tag>
                    ) : (
                      <Tag>{t('sso.notLinked')}</Tag>
                    )}
                    {identity && (
                      <div>
                        <Typography.Text type="secondary">
                          {identity.display_name} ·{' '}
                          {t('sso.linkedAt', {
                            date: formatDate(identity.linked_at, i18n.language),
                          })}
                        </Typography.Text>
                      </div>
                    )}
                  </div>
                </Flex>
                {action}
              </Flex>
            );
          })}
        </ul>
      </>
    );
  }

  return (
    <Card title={t('sso.linkedAccounts')}>
      <Typography.Paragraph type="secondary">{t('sso.linkedAccountsHint')}</Typography.Paragraph>
      {body}
    </Card>
  );
}
