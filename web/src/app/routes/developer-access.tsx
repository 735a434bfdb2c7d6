import { Button, Card, Select, Skeleton, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { ApiClients } from '@/features/integrators/components/api-clients';
import { OwnerOnlyNotice } from '@/features/integrators/components/owner-only-notice';
import { Webhooks } from '@/features/integrators/components/webhooks';
import { useMyOrgs } from '@/features/orgs/api/get-my-orgs';

/**
 * /developer-access (behind `RequireSignIn`), 企业开发者接入 (SPEC §9): for one of the user's
 * orgs (`?org=`), its API keys and OAuth clients, or its webhooks (`?tab=webhooks`). Only
 * the owner manages them (the API's rule); anyone else reads why.
 */
export function DeveloperAccessRoute() {
  const { t } = useTranslation();
  const orgs = useMyOrgs();
  const [params, setParams] = useSearchParams();

  const choose = (org: string, tab?: string) =>
    setParams(
      () => {
        const next = new URLSearchParams({ org });
        if (tab === 'webhooks') next.set('tab', tab);
        return next;
      },
      { replace: true },
    );

  let body;
  if (orgs.isPending) {
    body = <Skeleton active paragraph={{ rows: 6 }} />;
  } else if (orgs.isError) {
    body = (
      <>
        <ProblemAlert error={orgs.error} />
        <Button onClick={() => void orgs.refetch()}>{t('errors.retry')}</Button>
      </>
    );
  } else if (orgs.data.length === 0) {
    body = (
      <Card title={t('integrators.noOrg')}>
        <Typography.Paragraph>{t('integrators.noOrgText')}</Typography.Paragraph>
        <Link to={paths.enterprise.href()}>
          <Button type="primary">{t('integrators.toEnterprise')}</Button>
        </Link>
      </Card>
    );
  } else {
    // By default the first org the user owns: that is where there is something to do.
    const org =
      orgs.data.find((o) => o.id === params.get('org')) ??
      orgs.data.find((o) => o.my_role === 'owner') ??
      orgs.data[0]!;
    const tab = params.get('tab') === 'webhooks' ? 'webhooks' : 'keys';
    body = (
      <>
        {orgs.data.length > 1 ? (
          <Select
            aria-label={t('integrators.select')}
            value={org.id}
            options={orgs.data.map((o) => ({ value: o.id, label: o.name }))}
            onChange={(id) => choose(id, tab)}
            style={{ width: '100%', maxWidth: 420, marginBottom: 16 }}
          />
        ) : (
          <Typography.Title level={4}>{org.name}</Typography.Title>
        )}
        {org.my_role === 'owner' ? (
          <Tabs
            activeKey={tab}
            onChange={(key) => choose(org.id, key)}
            items={[
              {
                key: 'keys',
                label: t('integrators.tabs.keys'),
                children: <ApiClients key={org.id} orgId={org.id} />,
              },
              {
                key: 'webhooks',
                label: t('integrators.tabs.webhooks'),
                children: <Webhooks key={org.id} orgId={org.id} />,
              },
            ]}
          />
        ) : (
          <OwnerOnlyNotice orgName={org.name} role={org.my_role ?? ''} />
        )}
      </>
    );
  }

  return (
    <>
      <Typography.Title level={1} className="page-title">
        {t('integrators.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('integrators.intro')}</Typography.Paragraph>
      <Space wrap size={16} style={{ marginBottom: 16 }}>
        <Link to={paths.developers.href()}>{t('integrators.docsLink')}</Link>
        <a href="/docs/">{t('integrators.apiDocsLink')}</a>
      </Space>
      {body}
    </>
  );
}
