import { Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router-dom';

import { paths } from '@/config/paths';
import { useSessionStatus } from '@/hooks/use-session';

/**
 * A layout route for pages that need a signed-in user: signed-out people go to the login
 * page, which brings them back here (`?next=`). Waits for the start-up refresh first, so a
 * reload does not bounce a signed-in user to the login page.
 */
export function RequireSignIn() {
  const { t } = useTranslation();
  const status = useSessionStatus();
  const { pathname, search, hash } = useLocation();

  if (status === 'unknown') {
    return (
      <div className="page-loading" role="status" aria-label={t('auth.checkingSession')}>
        <Spin />
      </div>
    );
  }
  if (status === 'signed-out') {
    return <Navigate replace to={paths.login.href(pathname + search + hash)} />;
  }
  return <Outlet />;
}
