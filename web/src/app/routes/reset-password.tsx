import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';

import { paths } from '@/config/paths';
import { ResetPasswordForm } from '@/features/auth/components/reset-password-form';

import type { LoginLocationState } from './login';

/** /reset-password: then back to the login page, which says it worked. */
export function ResetPasswordRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div className="auth-page">
      <Card>
        <Typography.Title level={2} className="auth-title">
          {t('auth.resetTitle')}
        </Typography.Title>
        <ResetPasswordForm
          onReset={(phone) => {
            const state: LoginLocationState = { passwordResetFor: phone };
            void navigate(paths.login.href(), { state });
          }}
        />
        <div className="form-links" style={{ marginTop: 16 }}>
          <Link to={paths.login.href()}>{t('auth.backToLogin')}</Link>
        </div>
      </Card>
    </div>
  );
}
