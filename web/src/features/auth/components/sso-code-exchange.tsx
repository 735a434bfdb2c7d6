import { Button, Spin } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { useSessionStatus } from '@/hooks/use-session';

import { useExchangeSsoCode } from '../api/exchange-sso-code';
import type { Session } from '../api/keep-session';

/**
 * Back from a provider with a known identity: exchanges the one-time `code` for a session
 * as soon as the page knows its own session state (a refresh answered after the exchange
 * would otherwise put back the session this sign-in replaces).
 */
export function SsoCodeExchange({
  code,
  onSignedIn,
}: {
  code: string;
  onSignedIn: (session: Session) => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const status = useSessionStatus();
  const exchange = useExchangeSsoCode();
  const { mutate } = exchange;
  // The code is good once: StrictMode's second effect run must not spend it again.
  const started = useRef(false);

  useEffect(() => {
    if (status === 'unknown' || started.current) return;
    started.current = true;
    mutate(code, { onSuccess: onSignedIn });
  }, [status, code, mutate, onSignedIn]);

  if (exchange.isError) {
    return (
      <>
        <ProblemAlert error={exchange.error} />
        <Button type="primary" onClick={() => void navigate(paths.login.href())}>
          {t('auth.backToLogin')}
        </Button>
      </>
    );
  }
  return (
    <div className="page-loading" role="status" aria-label={t('sso.signingIn')}>
      <Spin />
    </div>
  );
}
