import { Button, Result, Select, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { MediaUpload } from '@/features/media/components/media-upload';
import { canManage, useMyOrgs } from '@/features/orgs/api/get-my-orgs';
import { ProviderApplication } from '@/features/providers/components/provider-application';

/**
 * /provider (behind `RequireSignIn`): 完善服务商信息 — apply to be a provider for one of the
 * user's orgs (`?org=`, else the first the user manages), or follow the application.
 */
export function ProviderRoute() {
  const { t } = useTranslation();
  const orgs = useMyOrgs();
  const [params, setParams] = useSearchParams();

  let body;
  if (orgs.isPending) {
    body = <Skeleton active paragraph={{ rows: 8 }} />;
  } else if (orgs.isError) {
    body = (
      <>
        <ProblemAlert error={orgs.error} />
        <Button onClick={() => void orgs.refetch()}>{t('errors.retry')}</Button>
      </>
    );
  } else if (orgs.data.length === 0) {
    body = (
      <Result
        status="info"
        title={t('provider.noOrg')}
        extra={
          <Link to={paths.enterprise.href()}>
            <Button type="primary">{t('provider.toEnterprise')}</Button>
          </Link>
        }
      />
    );
  } else {
    const org =
      orgs.data.find((o) => o.id === params.get('org')) ??
      orgs.data.find(canManage) ??
      orgs.data[0]!;
    body = (
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {orgs.data.length > 1 && (
          <Select
            aria-label={t('provider.selectOrg')}
            className="org-select"
            value={org.id}
            options={orgs.data.map((o) => ({ value: o.id, label: o.name }))}
            onChange={(id) => setParams({ org: id }, { replace: true })}
          />
        )}
        <ProviderApplication key={org.id} org={org} MediaInput={MediaUpload} />
      </Space>
    );
  }

  return (
    <>
      <Typography.Title level={1} className="page-title">
        {t('provider.title')}
      </Typography.Title>
      {body}
    </>
  );
}
