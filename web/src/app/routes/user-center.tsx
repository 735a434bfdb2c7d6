import { Button, Col, Row, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { AccountCard } from '@/features/auth/components/account-card';
import { ChangePasswordForm } from '@/features/auth/components/change-password-form';
import { LinkedAccountsCard } from '@/features/auth/components/linked-accounts-card';
import { SsoErrorAlert } from '@/features/auth/components/sso-error-alert';
import { useLinkOutcome } from '@/features/auth/hooks/use-link-outcome';
import { useMe } from '@/hooks/use-me';

/**
 * /user-center (behind `RequireSignIn`). Only what works today: the account, its password
 * and its linked sign-in accounts (a link comes back here with `?linked=` or `?sso_error=`).
 * Messages, enterprises, provider, membership and developer access join here as their
 * features land.
 */
export function UserCenterRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const linkOutcome = useLinkOutcome();

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
        <Col xs={24} lg={12}>
          <LinkedAccountsCard />
        </Col>
      </Row>
    );
  }

  return (
    <>
      <Typography.Title level={1} className="page-title">
        {t('nav.userCenter')}
      </Typography.Title>
      {linkOutcome.error !== null && (
        <SsoErrorAlert code={linkOutcome.error} kind="link" onClose={linkOutcome.dismiss} />
      )}
      {body}
    </>
  );
}
