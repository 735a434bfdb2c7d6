import { useQuery } from '@tanstack/react-query';
import { Button, Card, Skeleton, Space, Spin, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { MediaUpload } from '@/features/media/components/media-upload';
import { useMyMembership } from '@/features/members/api/get-membership';
import { ApplyMembership } from '@/features/members/components/apply-membership';
import { MemberHome, memberTabs, type MemberTab } from '@/features/members/components/member-home';
import { MemberSignIn } from '@/features/members/components/member-sign-in';
import { MembershipIntro } from '@/features/members/components/membership-intro';
import { RegisterMembership } from '@/features/members/components/register-membership';
import { StatusLookup } from '@/features/members/components/status-lookup';
import { canManage, getMyOrgsQueryOptions, type Org } from '@/features/orgs/api/get-my-orgs';
import { useSessionStatus } from '@/hooks/use-session';

function Title({ children }: { children: string }) {
  return (
    <Typography.Title level={1} className="page-title">
      {children}
    </Typography.Title>
  );
}

/** A signed-in user: their member home, or the landing with 申请入会 for orgs they own. */
function SignedInMembership({ orgs }: { orgs: Org[] }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const mine = useMyMembership(orgs.map((org) => org.id));

  if (mine.status === 'loading') return <Skeleton active paragraph={{ rows: 8 }} />;
  if (mine.status === 'error') {
    return (
      <>
        <ProblemAlert error={mine.error} />
        <Button onClick={mine.retry}>{t('membership.retry')}</Button>
      </>
    );
  }
  if (mine.membership && mine.orgId) {
    const org = orgs.find((o) => o.id === mine.orgId)!;
    const asked = params.get('tab') as MemberTab | null;
    // Back from a payment gateway (`?payment=`): its outcome, beside the records.
    const returned = params.get('payment');
    const tab = asked && memberTabs.includes(asked) ? asked : returned ? 'payments' : 'profile';
    return (
      <MemberHome
        orgId={org.id}
        membership={mine.membership}
        canManage={canManage(org)}
        tab={tab}
        onTabChange={(next) =>
          setParams(next === 'profile' ? {} : { tab: next }, { replace: true })
        }
        MediaInput={MediaUpload}
        returnedPayment={returned}
        onReturnSeen={() => setParams({ tab: 'payments' }, { replace: true })}
      />
    );
  }
  const owned = orgs.filter((org) => org.my_role === 'owner' && org.uscc);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <MembershipIntro />
      <ApplyMembership orgs={owned} />
    </Space>
  );
}

/**
 * /membership (会员服务): visitors read what membership is and how to register, sign in or
 * look up a registration; a signed-in member sees their home (profile, dues, payments).
 */
export function MembershipRoute() {
  const { t } = useTranslation();
  const status = useSessionStatus();
  // A visitor has no orgs to ask about: asking would only earn a 401 in the console.
  const orgs = useQuery({ ...getMyOrgsQueryOptions(), enabled: status === 'signed-in' });

  let body;
  if (status === 'unknown') {
    body = (
      <div className="page-loading" role="status" aria-label={t('auth.checkingSession')}>
        <Spin />
      </div>
    );
  } else if (status === 'signed-out') {
    body = <MembershipIntro />;
  } else if (orgs.isPending) {
    body = <Skeleton active paragraph={{ rows: 8 }} />;
  } else if (orgs.isError) {
    body = (
      <>
        <ProblemAlert error={orgs.error} />
        <Button onClick={() => void orgs.refetch()}>{t('membership.retry')}</Button>
      </>
    );
  } else {
    body = <SignedInMembership orgs={orgs.data} />;
  }
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Title>{t('membership.title')}</Title>
      {body}
    </Space>
  );
}

/** The narrow pages used on phones too (H5): a card with the other two ways in below it. */
function MembershipPage({
  title,
  children,
  links,
}: {
  title: string;
  children: ReactNode;
  links: { to: string; label: string }[];
}) {
  return (
    <div className="membership-page">
      <Card>
        <Typography.Title level={2} className="auth-title">
          {title}
        </Typography.Title>
        {children}
        <div className="membership-links">
          {links.map((link) => (
            <Link key={link.to} to={link.to}>
              {link.label}
            </Link>
          ))}
        </div>
      </Card>
    </div>
  );
}

/** /membership/register: 会员注册 (public, PC and H5). */
export function MembershipRegisterRoute() {
  const { t } = useTranslation();
  return (
    <MembershipPage
      title={t('membership.register.title')}
      links={[
        { to: paths.membershipStatus.href(), label: t('membership.lookup.title') },
        { to: paths.membershipLogin.href(), label: t('membership.login.title') },
      ]}
    >
      <Typography.Paragraph type="secondary">
        {t('membership.register.subtitle')}
      </Typography.Paragraph>
      <RegisterMembership />
    </MembershipPage>
  );
}

/** /membership/status: 查询审核进度 by USCC or contact mobile (public). */
export function MembershipStatusRoute() {
  const { t } = useTranslation();
  return (
    <MembershipPage
      title={t('membership.lookup.title')}
      links={[
        { to: paths.membershipRegister.href(), label: t('membership.register.title') },
        { to: paths.membershipLogin.href(), label: t('membership.login.title') },
      ]}
    >
      <StatusLookup />
    </MembershipPage>
  );
}

/** /membership/login: 会员登录 (password, then WeChat); `?member_error=` from the API. */
export function MembershipLoginRoute() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  return (
    <MembershipPage
      title={t('membership.login.title')}
      links={[
        { to: paths.membershipRegister.href(), label: t('membership.register.title') },
        { to: paths.membershipStatus.href(), label: t('membership.lookup.title') },
      ]}
    >
      <MemberSignIn memberError={params.get('member_error')} />
    </MembershipPage>
  );
}
