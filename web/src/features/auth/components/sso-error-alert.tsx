import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';

import { ssoErrorText } from '../sso';

/**
 * What the API's SSO callback reported in `?sso_error=`: on the login page for a sign-in
 * (`kind` `login`), on the page a link started from for a link.
 */
export function SsoErrorAlert({
  code,
  kind,
  onClose,
}: {
  code: string;
  kind: 'login' | 'link';
  onClose?: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      title={kind === 'login' ? t('sso.loginFailed') : t('sso.linkFailed')}
      description={ssoErrorText(t, code)}
      closable={onClose !== undefined ? { onClose } : undefined}
      style={{ marginBottom: 16 }}
    />
  );
}
