import { Alert, App, Card, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useSearchParams } from 'react-router-dom';

import type { Session } from '@/features/auth/api/keep-session';
import { PasswordSignInForm } from '@/features/auth/components/password-sign-in-form';
import { SmsSignInForm } from '@/features/auth/components/sms-sign-in-form';
import { SsoButtons } from '@/features/auth/components/sso-buttons';
import { SsoErrorAlert } from '@/features/auth/components/sso-error-alert';
import { useSessionStatus } from '@/hooks/use-session';
import { safeNext } from '@/utils/safe-next';

/** What the reset page hands over: the phone whose password was just reset. */
export type LoginLocationState = { passwordResetFor?: string } | null;

/**
 * /login?next=…: SMS, password or an SSO provider; signed in, people go on to `next` (or
 * home). `?sso_error=` is a sign-in at a provider that came back unfinished.
 */
export function LoginRoute() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const status = useSessionStatus();
  const [params] = useSearchParams();
  const resetFor = (useLocation().state as LoginLocationState)?.passwordResetFor;
  const ssoError = params.get('sso_error');

  if (status === 'signed-in') return <Navigate replace to={safeNext(params.get('next'))} />;

  const welcome = (session: Session) =>
    void message.success(session.registered ? t('auth.registered') : t('auth.signedIn'));

  return (
    <div className="auth-page">
      <Card>
        <Typography.Title level={2} className="auth-title">
          {t('auth.loginTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('auth.loginSubtitle')}</Typography.Paragraph>
        {ssoError !== null && <SsoErrorAlert code={ssoError} kind="login" />}
        {resetFor !== undefined && (
          <Alert
            type="success"
            showIcon
            title={t('auth.passwordResetDone')}
            style={{ marginBottom: 16 }}
          />
        )}
        <Tabs
          defaultActiveKey={resetFor !== undefined ? 'password' : 'sms'}
          items={[
            {
              key: 'sms',
              label: t('auth.smsTab'),
              children: <SmsSignInForm onSignedIn={welcome} />,
            },
            {
              key: 'password',
              label: t('auth.passwordTab'),
              children: <PasswordSignInForm initialPhone={resetFor} onSignedIn={welcome} />,
            },
          ]}
        />
        <SsoButtons next={params.get('next') ?? undefined} />
      </Card>
    </div>
  );
}
