import { ApiOutlined } from '@ant-design/icons';
import { Button, Card, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { paths } from '@/config/paths';
import type { components } from '@/types/api';

type Org = components['schemas']['Org'];

/** 企业开发者接入 in the user center: the way in for owners, and the developer guide. */
export function DeveloperAccessCard({ orgs }: { orgs: Org[] | undefined }) {
  const { t } = useTranslation();
  const owned = orgs?.filter((org) => org.my_role === 'owner');

  let body;
  if (owned === undefined) {
    body = <Skeleton active paragraph={{ rows: 2 }} />;
  } else if (owned.length === 0) {
    body = <Typography.Text type="secondary">{t('integrators.center.ownerOnly')}</Typography.Text>;
  } else {
    // The page itself switches between the owned orgs.
    body = (
      <Link to={paths.developerAccess.href(owned[0]!.id)}>
        <Button type="primary" icon={<ApiOutlined aria-hidden />}>
          {t('integrators.center.open')}
        </Button>
      </Link>
    );
  }

  return (
    <Card title={t('integrators.center.title')}>
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Typography.Text>{t('integrators.center.text')}</Typography.Text>
        {body}
        <Link to={paths.developers.href()}>{t('integrators.docsLink')}</Link>
      </Space>
    </Card>
  );
}
