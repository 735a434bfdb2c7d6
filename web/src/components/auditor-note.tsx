import { Alert } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Shown where a review queue's decisions would be, to an auditor (`Me.admin_role`
 * `auditor`): they read the queues, but only reviewers and super admins decide.
 */
export function AuditorNote({ style }: { style?: CSSProperties }) {
  const { t } = useTranslation();
  return <Alert type="info" showIcon title={t('admin.auditorReadOnly')} style={style} />;
}
