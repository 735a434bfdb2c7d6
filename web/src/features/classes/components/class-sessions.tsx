import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useFormProblem } from '@/hooks/use-form-problem';
import { formatDateTime } from '@/utils/format-date';

import type { TrainingClass } from '../api/get-classes';
import { useSessions, type ClassSession } from '../api/get-sessions';
import { useStudents } from '../api/get-students';
import { useScheduleSession } from '../api/schedule-session';
import { formatDuration } from '../format';

type Props = { orgId: string; item: TrainingClass; canManage: boolean };

type ScheduleValues = {
  title: string;
  lecturer_student_ids?: string[];
  planned: [Dayjs, Dayjs];
};

const liveStatuses: Record<string, string> = { ended: 'success', planned: 'default' };

function ScheduleForm({
  orgId,
  classId,
  lecturers,
  onDone,
}: {
  orgId: string;
  classId: string;
  lecturers: { value: string; label: string }[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ScheduleValues>();
  const schedule = useScheduleSession(orgId, classId);
  const { formError, report, clear } = useFormProblem(form, ['title', 'planned']);

  function submit(values: ScheduleValues) {
    clear();
    const [start, end] = values.planned;
    schedule.mutate(
      {
        title: values.title.trim(),
        lecturer_student_ids: values.lecturer_student_ids ?? [],
        planned_start_at: start.toISOString(),
        planned_end_at: end.toISOString(),
      },
      {
        onSuccess: (session) => {
          void message.success(t('classes.sessions.scheduled', { title: session.title }));
          form.resetFields();
          onDone();
        },
        onError: (error) => {
          // The server names the start and end separately; the form shows them as one range.
          report(error);
          const problem = error as { errors?: { field: string; message: string }[] };
          const timeErrors = (problem.errors ?? []).filter((e) => e.field.startsWith('planned_'));
          if (timeErrors.length > 0) {
            form.setFields([{ name: 'planned', errors: timeErrors.map((e) => e.message) }]);
          }
        },
      },
    );
  }

  return (
    <Form<ScheduleValues> form={form} name="schedule-session" layout="vertical" onFinish={submit}>
      <Form.Item
        name="title"
        label={t('classes.sessions.title')}
        rules={[{ required: true, whitespace: true, message: t('classes.sessions.titleRequired') }]}
      >
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="lecturer_student_ids" label={t('classes.sessions.lecturers')}>
        <Select
          mode="multiple"
          allowClear
          options={lecturers}
          optionFilterProp="label"
          placeholder={t('classes.sessions.lecturersPlaceholder')}
        />
      </Form.Item>
      <Form.Item
        name="planned"
        label={t('classes.sessions.planned')}
        rules={[{ required: true, message: t('classes.sessions.plannedRequired') }]}
      >
        <DatePicker.RangePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          style={{ width: '100%' }}
          placeholder={[t('classes.sessions.plannedStart'), t('classes.sessions.plannedEnd')]}
        />
      </Form.Item>
      <ProblemAlert error={formError} />
      <Button type="primary" htmlType="submit" loading={schedule.isPending}>
        {t('classes.sessions.schedule')}
      </Button>
    </Form>
  );
}

/**
 * 直播场次 (SPEC §5.4): scheduled in Ketang (each creates its DingTalk live, so Ketang knows
 * every live id); the lecturer then starts it in the class's department group.
 */
export function ClassSessions({ orgId, item, canManage }: Props) {
  const { t, i18n } = useTranslation();
  const sessions = useSessions(orgId, item.id);
  const active = useStudents(orgId, item.id, { status: 'active', page: 1, pageSize: 100 });
  const [adding, setAdding] = useState(false);
  const names = new Map((active.data?.items ?? []).map((s) => [s.id, s.name]));
  const when = (iso: string | null | undefined) => (iso ? formatDateTime(iso, i18n.language) : '—');

  const columns: ColumnsType<ClassSession> = [
    { key: 'title', title: t('classes.sessions.title'), dataIndex: 'title' },
    {
      key: 'lecturers',
      title: t('classes.sessions.lecturers'),
      render: (_, s) =>
        s.lecturer_student_ids.length === 0
          ? '—'
          : s.lecturer_student_ids.map((id) => names.get(id) ?? id).join('、'),
    },
    {
      key: 'planned',
      title: t('classes.sessions.planned'),
      render: (_, s) => (
        <span>
          {when(s.planned_start_at)} – {when(s.planned_end_at)}
        </span>
      ),
    },
    {
      key: 'started',
      title: t('classes.sessions.startedAt'),
      render: (_, s) => when(s.started_at),
    },
    {
      key: 'duration',
      title: t('classes.sessions.duration'),
      render: (_, s) => formatDuration(s.duration_ms),
    },
    { key: 'viewers', title: t('classes.sessions.viewers'), dataIndex: 'viewer_count' },
    {
      key: 'state',
      title: t('classes.sessions.state'),
      render: (_, s) => {
        const state = s.pulled_at && s.ended_at ? 'ended' : 'planned';
        return <Tag color={liveStatuses[state]}>{t(`classes.sessions.states.${state}`)}</Tag>;
      },
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {!item.synced_at && <Alert type="info" showIcon title={t('classes.sessions.syncFirst')} />}
      {canManage && (
        <Card
          title={t('classes.sessions.scheduleTitle')}
          extra={
            !adding && (
              <Button icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
                {t('classes.sessions.schedule')}
              </Button>
            )
          }
        >
          {adding ? (
            <ScheduleForm
              orgId={orgId}
              classId={item.id}
              lecturers={[...names].map(([value, label]) => ({ value, label }))}
              onDone={() => setAdding(false)}
            />
          ) : (
            <Typography.Text type="secondary">{t('classes.sessions.scheduleText')}</Typography.Text>
          )}
        </Card>
      )}
      <Card title={t('classes.sessions.listTitle')}>
        <ProblemAlert error={sessions.isError ? sessions.error : null} />
        <Table<ClassSession>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={sessions.data}
          loading={sessions.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('classes.sessions.empty') }}
        />
      </Card>
    </Space>
  );
}
