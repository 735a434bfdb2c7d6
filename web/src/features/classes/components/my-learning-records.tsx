import { Button, Card, Empty, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useMe } from '@/hooks/use-me';
import { formatDateTime } from '@/utils/format-date';

import { useMyLearningRecords, type MyClassRecords } from '../api/get-my-learning-records';
import type { StudentSessionRecord } from '../api/get-student-records';
import { formatHours } from '../format';

/**
 * 我的学习记录 (H5 first): a card per class that lists the user's phone as an activated
 * student — org, class, the effective hours that count towards subsidies, and per session
 * what was watched live and as replay (replay never counts). Lists, not tables, so nothing
 * scrolls sideways at 375 px.
 */
export function MyLearningRecords() {
  const { t } = useTranslation();
  const records = useMyLearningRecords();

  if (records.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (records.isError) {
    return (
      <>
        <ProblemAlert error={records.error} />
        <Button onClick={() => void records.refetch()}>{t('errors.retry')}</Button>
      </>
    );
  }
  if (records.data.length === 0) return <NoRecords />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('classes.myLearning.rules')}
      </Typography.Paragraph>
      {records.data.map((record) => (
        <ClassRecordCard key={record.class_id} record={record} />
      ))}
    </Space>
  );
}

function NoRecords() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Card>
      <Empty
        description={
          <Space orientation="vertical" size={4}>
            <Typography.Text strong>{t('classes.myLearning.empty')}</Typography.Text>
            <Typography.Text type="secondary">{t('classes.myLearning.emptyText')}</Typography.Text>
            {me.data && !me.data.mobile && (
              <Typography.Text type="warning">{t('classes.myLearning.noPhone')}</Typography.Text>
            )}
          </Space>
        }
      />
    </Card>
  );
}

function ClassRecordCard({ record }: { record: MyClassRecords }) {
  const { t, i18n } = useTranslation();

  return (
    <Card
      title={
        // The title wraps on a phone rather than being cut short.
        <Typography.Title level={2} style={{ margin: 0, fontSize: 16, whiteSpace: 'normal' }}>
          {record.class_name}
        </Typography.Title>
      }
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Space wrap size={[8, 4]}>
          <Typography.Text>{record.org_name}</Typography.Text>
          <Tag>{t('classes.myLearning.code', { code: record.class_code })}</Tag>
          <Typography.Text type="secondary">
            {t('classes.myLearning.student', { name: record.student_name })}
          </Typography.Text>
        </Space>
        <Statistic
          title={t('classes.myLearning.totalEffective')}
          value={record.total_effective_ms}
          // Hours as the rest of the feature writes them (locale grouping, up to 2 decimals).
          formatter={() => formatHours(record.total_effective_ms, i18n.language)}
          suffix={t('classes.myLearning.hoursUnit')}
        />
        <section aria-label={t('classes.myLearning.sessionsOf', { name: record.class_name })}>
          <Typography.Text strong>
            {t('classes.myLearning.sessions', { count: record.sessions.length })}
          </Typography.Text>
          {record.sessions.length === 0 ? (
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
              {t('classes.myLearning.noSessions')}
            </Typography.Paragraph>
          ) : (
            <ol style={sessionList}>
              {record.sessions.map((session) => (
                <SessionItem key={session.session_id} session={session} />
              ))}
            </ol>
          )}
        </section>
        <Typography.Text type="secondary">{t('classes.myLearning.replayNote')}</Typography.Text>
      </Space>
    </Card>
  );
}

// A plain list (antd's `List` is deprecated in v6): one row per session, wrapping on a phone.
const sessionList = { listStyle: 'none', margin: '8px 0 0', padding: 0 } as const;
const sessionRow = { padding: '10px 0', borderTop: '1px solid rgba(5, 5, 5, 0.06)' } as const;

function SessionItem({ session }: { session: StudentSessionRecord }) {
  const { t, i18n } = useTranslation();
  const hours = (ms: number) => t('classes.hours', { value: formatHours(ms, i18n.language) });
  return (
    <li style={sessionRow}>
      <Space orientation="vertical" size={2} style={{ width: '100%' }}>
        <Typography.Text strong>{session.title}</Typography.Text>
        <Typography.Text type="secondary">
          {session.started_at
            ? formatDateTime(session.started_at, i18n.language)
            : t('classes.myLearning.notStarted')}
        </Typography.Text>
        <Space wrap size={[16, 2]}>
          <span>
            {t('classes.myLearning.effective')}{' '}
            <Typography.Text strong>{hours(session.effective_ms)}</Typography.Text>
          </span>
          <span>
            {t('classes.myLearning.live')} {hours(session.reported_live_ms)}
          </span>
          <span>
            {t('classes.myLearning.replay')} {hours(session.reported_playback_ms)}
          </span>
        </Space>
      </Space>
    </li>
  );
}
