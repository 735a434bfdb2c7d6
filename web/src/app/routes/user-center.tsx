import { Button, Col, Row, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { AccountCard } from '@/features/auth/components/account-card';
import { ChangePasswordForm } from '@/features/auth/components/change-password-form';
import { useMe } from '@/hooks/use-me';

/**
 * /user-center (behind `RequireSignIn`). Only what works today: the account and its
 * password. Messages, enterprises, provider, membership and developer access join here as
 * their features land.
 */
export function UserCenterRoute() {
  const { t } = useTranslation();
  const me = useMe();

  let body;
  if (me.isPending) {
    body = <Skeleton active paragraph={{ rows: 6 }} />;
  } else if (me.isError) {
    body = (
      <>
        <ProblemAlert error={me.error} />
        <Button onClick={() => void me.refetch()}>{t('errors.retry')}</Button>
      </>
    );
  } else {
    body = (
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={12}>
          <AccountCard me={me.data} />
        </Col>
        <Col xs={24} lg={12}>
          <ChangePasswordForm me={me.data} />
        </Col>
      </Row>
    );
  }

  return (
    <>
      <Typography.Title level={1} className="page-title">
        {t('nav.userCenter')}
      </Typography.Title>
      {body}
    </>
  );
}
