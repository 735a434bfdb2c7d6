import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';

import { ApiProblem } from '@/lib/api-client';

/** A failure that belongs to no single form field: the server's title and detail. */
export function ProblemAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (!(error instanceof ApiProblem)) {
    return <Alert type="error" showIcon title={t('errors.network')} style={{ marginBottom: 16 }} />;
  }
  const details = [error.detail, ...error.errors.map((e) => e.message)].filter(Boolean);
  return (
    <Alert
      type="error"
      showIcon
      title={error.title}
      description={details.length > 0 ? details.join(' ') : undefined}
      style={{ marginBottom: 16 }}
    />
  );
}
