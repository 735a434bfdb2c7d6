import { DownloadOutlined, SyncOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Drawer,
  Empty,
  Grid,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tabs,
  Typography,
} from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { formatDateTime } from '@/utils/format-date';

import {
  useClassRecords,
  type StudentRecord,
  type UnmatchedViewer,
} from '../api/get-class-records';
import type { TrainingClass } from '../api/get-classes';
import { useSessionViewers, type SessionViewer } from '../api/get-session-viewers';
import type { ClassSession } from '../api/get-sessions';
import { downloadRecords, useDownload } from '../api/download-files';
import { formatDuration, formatHours } from '../format';
import { useRecordsRefresh } from '../hooks/use-records-refresh';
import { RecordsRefreshStatus } from './records-refresh-status';
import { StudentRecordsView } from './student-records';

const RecordsCharts = lazy(() => import('./records-charts'));

type Props = { orgId: string; item: TrainingClass; canManage: boolean };

/** 更新学习记录 with where the pull stands beneath it. */
function RefreshRecords({ orgId, classId }: { orgId: string; classId: string }) {
  const { t } = useTranslation();
  const refresh = useRecordsRefresh(orgId, classId);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button
        type="primary"
        icon={<SyncOutlined aria-hidden spin={refresh.running} />}
        loading={refresh.starting}
        disabled={refresh.running}
        onClick={refresh.start}
      >
        {t('classes.records.refresh')}
      </Button>
      <RecordsRefreshStatus refresh={refresh} />
    </Space>
  );
}

function SessionViewers({
  orgId,
  classId,
  session,
}: {
  orgId: string;
  classId: string;
  session: ClassSession;
}) {
  const { t, i18n } = useTranslation();
  const viewers = useSessionViewers(orgId, classId, session.id);
  const hours = (ms: number) => formatHours(ms, i18n.language);
  return (
    <>
      <ProblemAlert error={viewers.isError ? viewers.error : null} />
      <Table<SessionViewer>
        rowKey={(v) => `${v.student_id ?? 'outside'}-${v.name}`}
        size="small"
        loading={viewers.isPending}
        dataSource={viewers.data}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('classes.records.noViewers') }}
        columns={[
          {
            key: 'name',
            title: t('classes.students.name'),
            render: (_, v) => (
              <Space size={4}>
                {v.name}
                {!v.student_id && (
                  <Typography.Text type="secondary">
                    （{t('classes.records.unmatchedShort')}）
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            key: 'effective',
            title: t('classes.records.effectiveHours'),
            render: (_, v) => hours(v.effective_ms),
          },
          {
            key: 'live',
            title: t('classes.records.reportedLiveHours'),
            render: (_, v) => hours(v.live_ms),
          },
          {
            key: 'replay',
            title: t('classes.records.reportedReplayHours'),
            render: (_, v) => hours(v.playback_ms),
          },
        ]}
      />
    </>
  );
}

/**
 * 直播学习记录 (SPEC §5.4): update from DingTalk (a job with progress), when last updated,
 * sessions with their viewers, each student's effective live time (what counts for the
 * subsidy), the viewers no student matched, charts, and the xlsx.
 */
export function ClassRecordsView({ orgId, item, canManage }: Props) {
  const { t, i18n } = useTranslation();
  const screens = Grid.useBreakpoint();
  const records = useClassRecords(orgId, item.id);
  const download = useDownload();
  const [student, setStudent] = useState<StudentRecord | null>(null);
  const hours = (ms: number) => formatHours(ms, i18n.language);

  const sessionNames = new Map((records.data?.sessions ?? []).map((s) => [s.id, s.title]));

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div className="class-toolbar">
          {canManage ? (
            <div style={{ flex: 1, minWidth: 240 }}>
              <RefreshRecords orgId={orgId} classId={item.id} />
            </div>
          ) : (
            <Typography.Text type="secondary">{t('classes.managersOnly')}</Typography.Text>
          )}
          {canManage && (
            <Button
              icon={<DownloadOutlined aria-hidden />}
              loading={download.isPending}
              onClick={() =>
                download.mutate(() => downloadRecords({ org_id: orgId, class_id: item.id }))
              }
            >
              {t('classes.records.export')}
            </Button>
          )}
        </div>
        <ProblemAlert error={download.error} />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {records.data?.records_updated_at
            ? t('classes.records.updatedAt', {
                time: formatDateTime(records.data.records_updated_at, i18n.language),
              })
            : t('classes.records.neverUpdated')}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('classes.records.rules')}
        </Typography.Paragraph>
      </Card>
      {records.isPending && <Skeleton active paragraph={{ rows: 6 }} />}
      {records.isError && (
        <>
          <ProblemAlert error={records.error} />
          <Button onClick={() => void records.refetch()}>{t('errors.retry')}</Button>
        </>
      )}
      {records.data && (
        <>
          <Card>
            <Space wrap size={32}>
              <Statistic
                title={t('classes.fields.totalLive')}
                value={formatDuration(records.data.total_live_ms)}
              />
              <Statistic
                title={t('classes.records.sessionCount')}
                value={records.data.sessions.length}
              />
              <Statistic
                title={t('classes.records.studentCount')}
                value={records.data.students.length}
              />
              <Statistic
                title={t('classes.records.unmatchedCount')}
                value={records.data.unmatched_viewers.length}
              />
            </Space>
          </Card>
          {records.data.sessions.length > 0 && (
            <Suspense fallback={<Skeleton active />}>
              <RecordsCharts records={records.data} />
            </Suspense>
          )}
          <Card>
            <Tabs
              items={[
                {
                  key: 'students',
                  label: t('classes.records.byStudent'),
                  children: (
                    <Table<StudentRecord>
                      rowKey="student_id"
                      size="middle"
                      dataSource={records.data.students}
                      pagination={{ pageSize: 50, hideOnSinglePage: true }}
                      scroll={{ x: 'max-content' }}
                      locale={{ emptyText: t('classes.records.noStudents') }}
                      columns={[
                        { key: 'name', title: t('classes.students.name'), dataIndex: 'name' },
                        {
                          key: 'live',
                          title: t('classes.records.effectiveHours'),
                          render: (_, s) => hours(s.live_ms),
                          sorter: (a, b) => a.live_ms - b.live_ms,
                        },
                        {
                          // Shown beside the live hours, never added to them (SPEC §5.4).
                          key: 'onDemand',
                          title: t('classes.records.onDemand'),
                          render: (_, s) => t('classes.hours', { value: hours(s.on_demand_ms) }),
                          sorter: (a, b) => a.on_demand_ms - b.on_demand_ms,
                        },
                        {
                          key: 'attended',
                          title: t('classes.records.attended'),
                          dataIndex: 'sessions_attended',
                        },
                        {
                          key: 'actions',
                          title: t('classes.fields.actions'),
                          render: (_, s) => (
                            <Button
                              type="link"
                              size="small"
                              style={{ paddingInline: 0 }}
                              aria-label={t('classes.students.recordsOf', { name: s.name })}
                              onClick={() => setStudent(s)}
                            >
                              {t('classes.records.perSession')}
                            </Button>
                          ),
                        },
                      ]}
                    />
                  ),
                },
                {
                  key: 'sessions',
                  label: t('classes.records.bySession'),
                  children: (
                    <Table<ClassSession>
                      rowKey="id"
                      size="middle"
                      dataSource={records.data.sessions}
                      pagination={false}
                      scroll={{ x: 'max-content' }}
                      locale={{ emptyText: t('classes.records.noSessions') }}
                      expandable={{
                        expandedRowRender: (session) => (
                          <SessionViewers orgId={orgId} classId={item.id} session={session} />
                        ),
                      }}
                      columns={[
                        { key: 'title', title: t('classes.sessions.title'), dataIndex: 'title' },
                        {
                          key: 'started',
                          title: t('classes.sessions.startedAt'),
                          render: (_, s) =>
                            s.started_at ? formatDateTime(s.started_at, i18n.language) : '—',
                        },
                        {
                          key: 'duration',
                          title: t('classes.sessions.duration'),
                          render: (_, s) => formatDuration(s.duration_ms),
                        },
                        {
                          key: 'viewers',
                          title: t('classes.sessions.viewers'),
                          dataIndex: 'viewer_count',
                        },
                      ]}
                    />
                  ),
                },
                {
                  key: 'unmatched',
                  label: t('classes.records.unmatched'),
                  children: (
                    <>
                      <Typography.Paragraph type="secondary">
                        {t('classes.records.unmatchedText')}
                      </Typography.Paragraph>
                      <Table<UnmatchedViewer>
                        rowKey={(v) => `${v.session_id}-${v.name}-${v.live_ms}-${v.playback_ms}`}
                        size="small"
                        dataSource={records.data.unmatched_viewers}
                        pagination={{ pageSize: 50, hideOnSinglePage: true }}
                        scroll={{ x: 'max-content' }}
                        locale={{
                          emptyText: <Empty description={t('classes.records.noUnmatched')} />,
                        }}
                        columns={[
                          {
                            key: 'session',
                            title: t('classes.sessions.title'),
                            render: (_, v) => sessionNames.get(v.session_id) ?? v.session_id,
                          },
                          { key: 'name', title: t('classes.students.name'), dataIndex: 'name' },
                          {
                            key: 'live',
                            title: t('classes.records.reportedLiveHours'),
                            render: (_, v) => hours(v.live_ms),
                          },
                          {
                            key: 'replay',
                            title: t('classes.records.reportedReplayHours'),
                            render: (_, v) => hours(v.playback_ms),
                          },
                        ]}
                      />
                    </>
                  ),
                },
              ]}
            />
          </Card>
          {records.data.sessions.length === 0 && (
            <Alert type="info" showIcon title={t('classes.records.noSessionsHint')} />
          )}
        </>
      )}
      <Drawer
        title={student ? t('classes.records.studentTitle', { name: student.name }) : ''}
        open={student !== null}
        onClose={() => setStudent(null)}
        size={screens.md ? 720 : '100%'}
        destroyOnHidden
      >
        {student && (
          <StudentRecordsView orgId={orgId} classId={item.id} studentId={student.student_id} />
        )}
      </Drawer>
    </Space>
  );
}
