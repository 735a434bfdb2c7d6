import { Button, Card, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';

import { useMyMembership } from '../api/get-membership';
import { StatusTag } from './status-tag';

/** 会员服务 in the user center: the membership of the user's orgs, and the way in. */
export function MembershipCenterCard({ orgIds }: { orgIds: string[] | undefined }) {
  const { t } = useTranslation();
  const mine = useMyMembership(orgIds ?? []);

  let body;
  if (orgIds === undefined || mine.status === 'loading') {
    body = <Skeleton active paragraph={{ rows: 2 }} />;
  } else if (mine.status === 'error') {
    body = <ProblemAlert error={mine.error} />;
  } else if (mine.membership) {
    const membership = mine.membership;
    body = (
      <Space orientation="vertical" size={8}>
        <Space wrap>
          <Typography.Text strong>{membership.unit_name}</Typography.Text>
          <StatusTag kind="membership" status={membership.status} />
        </Space>
        {membership.status === 'approved' && !membership.profile_complete && (
          <Typography.Text type="warning">{t('membership.center.completeProfile')}</Typography.Text>
        )}
        <Link to={paths.membership.href()}>
          <Button type="primary">{t('membership.center.open')}</Button>
        </Link>
      </Space>
    );
  } else {
    body = (
      <Space orientation="vertical" size={8}>
        <Typography.Text type="secondary">{t('membership.center.none')}</Typography.Text>
        <Link to={paths.membership.href()}>
          <Button>{t('membership.center.apply')}</Button>
        </Link>
      </Space>
    );
  }
  return <Card title={t('membership.center.title')}>{body}</Card>;
}
