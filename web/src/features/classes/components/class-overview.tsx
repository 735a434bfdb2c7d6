import { CloudSyncOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useFormProblem } from '@/hooks/use-form-problem';
import { formatDateTime } from '@/utils/format-date';

import { downloadDingTalkContacts, useDownload } from '../api/download-files';
import type { TrainingClass } from '../api/get-classes';
import { useUpdateClass } from '../api/update-class';
import { formatDuration } from '../format';
import { useClassLabels } from '../hooks/use-class-labels';
import { useSyncAction } from '../hooks/use-sync-action';
import { ClassCourses } from './class-courses';
import { SyncState } from './sync-state';

type Props = { orgId: string; item: TrainingClass; canManage: boolean };

function RenameForm({ orgId, item }: { orgId: string; item: TrainingClass }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const update = useUpdateClass(orgId, item.id);
  const { formError, report, clear } = useFormProblem(form, ['name']);
  return (
    <Form
      form={form}
      name="rename-class"
      layout="inline"
      initialValues={{ name: item.name }}
      onFinish={({ name }) => {
        clear();
        update.mutate(
          { name: name.trim() },
          { onSuccess: () => void message.success(t('classes.overview.renamed')), onError: report },
        );
      }}
      style={{ rowGap: 8 }}
    >
      <Form.Item
        name="name"
        label={t('classes.fields.name')}
        rules={[{ required: true, whitespace: true, message: t('classes.create.nameRequired') }]}
        style={{ flex: 1, minWidth: 200 }}
      >
        <Input maxLength={50} />
      </Form.Item>
      <Button htmlType="submit" loading={update.isPending}>
        {t('classes.overview.rename')}
      </Button>
      <div style={{ width: '100%' }}>
        <ProblemAlert error={formError} />
      </div>
    </Form>
  );
}

/**
 * 管理: the class's facts, renaming, the on-demand courses it links, and the sync to DingTalk
 * (a department with its group and the activated students as members), or the address-book
 * xlsx to import by hand.
 */
export function ClassOverview({ orgId, item, canManage }: Props) {
  const { t, i18n } = useTranslation();
  const labels = useClassLabels();
  const sync = useSyncAction(orgId, item.id);
  const download = useDownload();

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('classes.overview.title')}>
        <Descriptions
          column={{ xs: 1, sm: 2, lg: 3 }}
          size="small"
          items={[
            { key: 'code', label: t('classes.fields.code'), children: item.code },
            {
              key: 'type',
              label: t('classes.fields.type'),
              children: labels.type(item.class_type_code, item.class_type_name),
            },
            {
              key: 'mode',
              label: t('classes.fields.mode'),
              children: labels.mode(item.training_mode),
            },
            {
              key: 'platform',
              label: t('classes.fields.platform'),
              children: labels.platform(item.platform),
            },
            {
              key: 'students',
              label: t('classes.fields.students'),
              children: t('classes.list.studentCount', {
                count: item.student_count,
                active: item.active_student_count,
              }),
            },
            {
              key: 'live',
              label: t('classes.fields.totalLive'),
              children: formatDuration(item.total_live_ms),
            },
            {
              key: 'created',
              label: t('classes.fields.createdAt'),
              children: formatDateTime(item.created_at, i18n.language),
            },
            {
              key: 'synced',
              label: t('classes.fields.syncedAt'),
              children: item.synced_at
                ? formatDateTime(item.synced_at, i18n.language)
                : t('classes.detail.notSynced'),
            },
          ]}
        />
        {canManage && <RenameForm key={item.name} orgId={orgId} item={item} />}
      </Card>
      <ClassCourses orgId={orgId} classId={item.id} canManage={canManage} />
      <Card title={t('classes.sync.title')}>
        <Typography.Paragraph type="secondary">{t('classes.sync.text')}</Typography.Paragraph>
        {sync.state && <SyncState sync={sync.state} />}
        <ProblemAlert error={sync.error ?? download.error} />
        {canManage ? (
          <Space wrap>
            <Button
              type="primary"
              icon={<CloudSyncOutlined aria-hidden />}
              loading={sync.busy}
              onClick={sync.start}
            >
              {sync.failed ? t('classes.sync.retry') : t('classes.sync.submit')}
            </Button>
            <Button
              icon={<DownloadOutlined aria-hidden />}
              loading={download.isPending}
              onClick={() =>
                download.mutate(() =>
                  downloadDingTalkContacts({ org_id: orgId, class_id: item.id }),
                )
              }
            >
              {t('classes.sync.contacts')}
            </Button>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('classes.managersOnly')}</Typography.Text>
        )}
        <Alert type="info" style={{ marginTop: 16 }} title={t('classes.sync.contactsHint')} />
      </Card>
    </Space>
  );
}
