import { Alert } from 'antd';
import type { ReactNode } from 'react';
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

/**
 * What a query's view shows until the query has data: the first load's problem, else
 * `loading`. Views ask `query.data === undefined`, not `isError`: a failed background refetch
 * keeps the data (with `isError` set), and replacing the view then would throw away what was
 * on screen, edits included.
 */
export function FirstLoad({
  query,
  loading,
}: {
  query: { isError: boolean; error: unknown };
  loading: ReactNode;
}) {
  return query.isError ? <ProblemAlert error={query.error} /> : loading;
}
