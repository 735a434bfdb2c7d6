import { RightOutlined } from '@ant-design/icons';
import { Button, Card, List, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { paths } from '@/config/paths';

import { canManage, isCertified, type Org } from '../api/get-my-orgs';
import { CertificationTag } from './certification-tag';
import { CertifyButton } from './certify-button';

function OrgRow({ org }: { org: Org }) {
  const { t } = useTranslation();
  const uncertified = !isCertified(org);
  return (
    <List.Item className="org-center-row">
      <Space orientation="vertical" size={4} style={{ minWidth: 0 }}>
        <Space wrap size={8}>
          <Typography.Text strong className="org-center-name">
            {org.name}
          </Typography.Text>
          <CertificationTag org={org} />
        </Space>
        {uncertified &&
          (canManage(org) ? (
            <CertifyButton orgId={org.id} size="small" label={t('enterprise.goCertify')} />
          ) : (
            <Typography.Text type="secondary">{t('enterprise.certifyAskManager')}</Typography.Text>
          ))}
      </Space>
      <Link to={paths.enterprise.href(org.id)} aria-label={`${t('enterprise.open')} ${org.name}`}>
        <Button size="small" icon={<RightOutlined aria-hidden />} iconPlacement="end">
          {t('enterprise.open')}
        </Button>
      </Link>
    </List.Item>
  );
}

/**
 * The user center's 企业信息: each of the user's orgs with its certification state, and
 * 前往海易办认证 for an uncertified one (its owner or admins), or the way to create one.
 */
export function OrgCenterCard({ orgs }: { orgs: Org[] | undefined }) {
  const { t } = useTranslation();
  return (
    <Card title={t('enterprise.title')}>
      {!orgs ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : orgs.length === 0 ? (
        <Space orientation="vertical">
          <Typography.Text type="secondary">{t('enterprise.none')}</Typography.Text>
          <Space wrap>
            <CertifyButton size="small" label={t('enterprise.goCertify')} />
            <Link to={paths.enterprise.href()}>
              <Button size="small">{t('enterprise.create')}</Button>
            </Link>
          </Space>
        </Space>
      ) : (
        <List dataSource={orgs} renderItem={(org) => <OrgRow org={org} />} />
      )}
    </Card>
  );
}
