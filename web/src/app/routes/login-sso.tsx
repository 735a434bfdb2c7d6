import { App, Button, Card, Result } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';

import { paths } from '@/config/paths';
import type { Session } from '@/features/auth/api/keep-session';
import { SsoCodeExchange } from '@/features/auth/components/sso-code-exchange';
import { SsoFirstLoginForm } from '@/features/auth/components/sso-first-login-form';
import { safeNext } from '@/utils/safe-next';

/**
 * /login/sso, where the API's SSO callback sends the browser: `?code=` signs in at once,
 * `?ticket=` is a first sign-in that binds a phone or creates an account; then on to `next`.
 */
export function LoginSsoRoute() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const code = params.get('code');
  const ticket = params.get('ticket');
  const next = params.get('next');

  const welcome = useCallback(
    (session: Session) => {
      void message.success(session.registered ? t('auth.registered') : t('auth.signedIn'));
      // Replace: the spent code or ticket has no business in the history.
      void navigate(safeNext(next), { replace: true });
    },
    [message, t, navigate, next],
  );

  let body;
  if (code) {
    body = <SsoCodeExchange code={code} onSignedIn={welcome} />;
  } else if (ticket) {
    body = (
      <SsoFirstLoginForm
        ticket={ticket}
        provider={params.get('provider') ?? ''}
        onSignedIn={welcome}
      />
    );
  } else {
    body = (
      <Result
        status="warning"
        title={t('sso.signInFailed')}
        subTitle={t('sso.linkInvalid')}
        extra={
          <Button type="primary" onClick={() => void navigate(paths.login.href())}>
            {t('auth.backToLogin')}
          </Button>
        }
      />
    );
  }

  return (
    <div className="auth-page">
      <Card>{body}</Card>
    </div>
  );
}
