import { Alert, List, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { isFinished } from '../api/get-job';
import type { ClassSync } from '../api/sync-class';

/** Where the sync stands: progress while it runs, then members and DingTalk's refusals. */
export function SyncState({ sync }: { sync: ClassSync }) {
  const { t } = useTranslation();
  const job = sync.job;
  if (!job) return null;
  if (!isFinished(job)) {
    return (
      <div style={{ marginBottom: 16 }} aria-live="polite">
        <Typography.Text>
          {t('classes.sync.running', { done: job.progress_done, total: job.progress_total })}
        </Typography.Text>
        <Progress
          percent={
            job.progress_total > 0 ? Math.round((job.progress_done / job.progress_total) * 100) : 0
          }
          status="active"
        />
      </div>
    );
  }
  if (job.status === 'failed') {
    return (
      <Alert
        type="error"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('classes.sync.failed')}
        description={job.last_error ?? undefined}
      />
    );
  }
  return (
    <Alert
      type={sync.failures.length > 0 ? 'warning' : 'success'}
      showIcon
      style={{ marginBottom: 16 }}
      title={t('classes.sync.done', {
        members: sync.members,
        failed: sync.failures.length,
      })}
      description={
        sync.failures.length > 0 && (
          <List
            size="small"
            header={t('classes.sync.failures')}
            dataSource={sync.failures}
            renderItem={(failure) => (
              <List.Item>
                <Typography.Text strong>{failure.name}</Typography.Text>：{failure.reason}
              </List.Item>
            )}
          />
        )
      }
    />
  );
}
