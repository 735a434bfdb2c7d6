import { RightOutlined } from '@ant-design/icons';
import { Button, Card, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { paths } from '@/config/paths';
import type { components } from '@/types/api';

import { isApprovedProvider, useProvider } from '../api/get-provider';
import { StatusTag } from './status-tag';

type Org = components['schemas']['Org'];

function OrgProviderRow({ org }: { org: Org }) {
  const { t } = useTranslation();
  const provider = useProvider(org.id);

  let state;
  let action;
  if (provider.isPending) {
    state = <Skeleton.Button active size="small" />;
  } else if (provider.isError || !provider.data) {
    state = <Tag>{t('provider.notApplied')}</Tag>;
    action = (
      <Link to={paths.provider.href(org.id)}>
        <Button size="small">{t('provider.apply')}</Button>
      </Link>
    );
  } else {
    state = <StatusTag status={provider.data.status} />;
    action = isApprovedProvider(provider.data) ? (
      <Link to={paths.providerConsole.href(org.id)}>
        <Button
          type="primary"
          size="small"
          icon={<RightOutlined aria-hidden />}
          iconPlacement="end"
        >
          {t('provider.toConsole')}
        </Button>
      </Link>
    ) : (
      <Link to={paths.provider.href(org.id)}>
        <Button size="small">{t('provider.view')}</Button>
      </Link>
    );
  }

  return (
    <List.Item className="provider-center-row">
      <Space wrap size={8} style={{ minWidth: 0 }}>
        <Typography.Text strong>{org.name}</Typography.Text>
        {state}
      </Space>
      {action}
    </List.Item>
  );
}

/** The user center's 服务商信息: each of the user's orgs with its provider state and the way on. */
export function ProviderCenterCard({ orgs }: { orgs: Org[] | undefined }) {
  const { t } = useTranslation();
  return (
    <Card title={t('provider.centerTitle')}>
      {!orgs ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : orgs.length === 0 ? (
        <Space orientation="vertical">
          <Typography.Text type="secondary">{t('provider.centerEmpty')}</Typography.Text>
          <Link to={paths.enterprise.href()}>{t('provider.toEnterprise')}</Link>
        </Space>
      ) : (
        <List dataSource={orgs} renderItem={(org) => <OrgProviderRow org={org} />} />
      )}
    </Card>
  );
}
