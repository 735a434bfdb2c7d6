import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { formatDateTime } from '@/utils/format-date';

import { useStudentRecords, type StudentSessionRecord } from '../api/get-student-records';
import { formatHours } from '../format';

type Props = { orgId: string; classId: string; studentId: string };

/**
 * One student's sessions: the effective time that counts, beside what DingTalk reported as
 * live and as replay (replay never counts; nothing counts beyond the session's duration).
 */
export function StudentRecordsView({ orgId, classId, studentId }: Props) {
  const { t, i18n } = useTranslation();
  const records = useStudentRecords(orgId, classId, studentId);
  const hours = (ms: number) => t('classes.hours', { value: formatHours(ms, i18n.language) });
  const total = (records.data ?? []).reduce((sum, r) => sum + r.effective_ms, 0);

  return (
    <>
      <ProblemAlert error={records.isError ? records.error : null} />
      <Typography.Paragraph>
        {t('classes.records.studentTotal', { hours: formatHours(total, i18n.language) })}
      </Typography.Paragraph>
      <Table<StudentSessionRecord>
        rowKey="session_id"
        size="small"
        loading={records.isPending}
        dataSource={records.data}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('classes.records.noSessions') }}
        columns={[
          { key: 'title', title: t('classes.sessions.title'), dataIndex: 'title' },
          {
            key: 'started',
            title: t('classes.sessions.startedAt'),
            render: (_, r) => (r.started_at ? formatDateTime(r.started_at, i18n.language) : '—'),
          },
          {
            key: 'duration',
            title: t('classes.sessions.duration'),
            render: (_, r) => hours(r.duration_ms),
          },
          {
            key: 'effective',
            title: t('classes.records.effective'),
            render: (_, r) => <Typography.Text strong>{hours(r.effective_ms)}</Typography.Text>,
          },
          {
            key: 'live',
            title: t('classes.records.reportedLive'),
            render: (_, r) => hours(r.reported_live_ms),
          },
          {
            key: 'replay',
            title: t('classes.records.reportedReplay'),
            render: (_, r) => hours(r.reported_playback_ms),
          },
        ]}
      />
    </>
  );
}
