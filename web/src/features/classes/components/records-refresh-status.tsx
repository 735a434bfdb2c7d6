import { Alert, Button, Progress, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';

import { isFinished, isRetrying } from '../api/get-job';
import type { RecordsRefresh } from '../hooks/use-records-refresh';

/**
 * Where the records pull this page started stands: progress while it runs, a failure with its
 * reason and a retry, or that it waits for the server's retry — never "0/3 排队中…" for ever.
 * Nothing before a pull was started.
 */
export function RecordsRefreshStatus({ refresh }: { refresh: RecordsRefresh }) {
  const { t } = useTranslation();
  const job = refresh.job;
  const failed = job?.status === 'failed';
  const retrying = job !== undefined && isRetrying(job);
  const done = job?.progress_done ?? 0;
  const total = job?.progress_total ?? 0;
  const reason = job?.last_error || t('classes.records.failedNoReason');

  if (!refresh.error && !job) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ProblemAlert error={refresh.error} />
      {failed && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('classes.records.failedTitle')}
          description={reason}
          action={
            <Button size="small" loading={refresh.starting} onClick={refresh.start}>
              {t('classes.records.retry')}
            </Button>
          }
        />
      )}
      {retrying && (
        <Alert
          type="warning"
          showIcon
          role="status"
          title={t('classes.records.retrying')}
          description={reason}
        />
      )}
      {job && !failed && !retrying && (
        <div role="status" aria-live="polite">
          <Progress
            percent={total > 0 ? Math.round((done / total) * 100) : isFinished(job) ? 100 : 0}
            status={job.status === 'succeeded' ? 'success' : 'active'}
            format={() => `${done}/${total}`}
          />
          <Typography.Text type="secondary">
            {t(`classes.records.job.${job.status}`, { defaultValue: job.status })}
          </Typography.Text>
        </div>
      )}
    </Space>
  );
}
