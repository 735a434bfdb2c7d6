import { Button, Col, Row, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { AccountCard } from '@/features/auth/components/account-card';
import { ChangePasswordForm } from '@/features/auth/components/change-password-form';
import { LinkedAccountsCard } from '@/features/auth/components/linked-accounts-card';
import { SsoErrorAlert } from '@/features/auth/components/sso-error-alert';
import { useLinkOutcome } from '@/features/auth/hooks/use-link-outcome';
import { MyLearningCard } from '@/features/classes/components/my-learning-card';
import { DeveloperAccessCard } from '@/features/integrators/components/developer-access-card';
import { MembershipCenterCard } from '@/features/members/components/membership-center-card';
import { MessagesCenterCard } from '@/features/messages/components/messages-center-card';
import { useMyOrgs } from '@/features/orgs/api/get-my-orgs';
import { OrgCenterCard } from '@/features/orgs/components/org-center-card';
import { ProviderCenterCard } from '@/features/providers/components/provider-center-card';
import { useMe } from '@/hooks/use-me';

/**
 * /user-center (behind `RequireSignIn`): the account, the user's enterprises (with
 * 前往海易办认证 for an uncertified one), the newest messages, the password, the linked
 * sign-in accounts (a link comes back here with `?linked=` or `?sso_error=`), the provider
 * state of each org (apply, or go to the provider console), the membership, learning records
 * and developer access.
 */
export function UserCenterRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const linkOutcome = useLinkOutcome();
  const orgs = useMyOrgs();

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
          <OrgCenterCard orgs={orgs.data} />
        </Col>
        <Col xs={24} lg={12}>
          <MessagesCenterCard />
        </Col>
        <Col xs={24} lg={12}>
          <ChangePasswordForm me={me.data} />
        </Col>
        <Col xs={24} lg={12}>
          <LinkedAccountsCard />
        </Col>
        <Col xs={24} lg={12}>
          <ProviderCenterCard orgs={orgs.data} />
        </Col>
        <Col xs={24} lg={12}>
          <MembershipCenterCard orgIds={orgs.data?.map((org) => org.id)} />
        </Col>
        <Col xs={24} lg={12}>
          <MyLearningCard />
        </Col>
        <Col xs={24} lg={12}>
          <DeveloperAccessCard orgs={orgs.data} />
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
