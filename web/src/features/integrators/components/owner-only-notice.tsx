import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';

/** Why a non-owner sees no credentials: only the owner manages developer access (API rule). */
export function OwnerOnlyNotice({ orgName, role }: { orgName: string; role: string }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="info"
      showIcon
      title={t('integrators.ownerOnly')}
      description={t('integrators.ownerOnlyText', {
        org: orgName,
        role: t(`integrators.roles.${role}`, { defaultValue: role }),
      })}
    />
  );
}
