import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router-dom';

import { FirstLoad } from '@/components/problem-alert';
import { useMe } from '@/hooks/use-me';

/**
 * A layout route for the administration pages (inside `RequireSignIn`): platform operators
 * only (`Me.admin_role`); everyone else is told so. The API checks again on every call.
 */
export function RequireOperator() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.data === undefined) {
    return (
      <FirstLoad
        query={me}
        loading={
          <div className="page-loading" role="status" aria-label={t('auth.checkingSession')}>
            <Spin />
          </div>
        }
      />
    );
  }
  if (!me.data.admin_role) {
    return <Result status="403" title={t('admin.forbidden')} subTitle={t('admin.forbiddenText')} />;
  }
  return <Outlet />;
}
