import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Modal, Popconfirm, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { ApiProblem } from '@/lib/api-client';
import { formatDateTime } from '@/utils/format-date';

import { useDeleteClass } from '../api/delete-class';
import { downloadCertificate, useDownload } from '../api/download-files';
import { useClasses, type TrainingClass } from '../api/get-classes';
import { formatDuration } from '../format';
import { CreateClassForm } from './create-class-form';
import { SubsidyStatusTag } from './subsidy-status-tag';

type Props = {
  orgId: string;
  /** Owners and admins create and delete classes (SPEC §0). */
  canManage: boolean;
};

const pageSize = 20;

/**
 * 班级列表 (SPEC §5.1): name, code, total live duration, students, created time, the
 * certificate, the subsidy application's state, and the actions. A class with live records
 * cannot be deleted: the server's 409 says so.
 */
export function ClassList({ orgId, canManage }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const classes = useClasses(orgId, page, pageSize);
  const remove = useDeleteClass(orgId);
  const download = useDownload();

  function getCertificate(item: TrainingClass) {
    setActionError(null);
    download.mutate(() => downloadCertificate({ org_id: orgId, class_id: item.id }), {
      onError: (error) => {
        if (error instanceof ApiProblem && error.status === 404) {
          void message.info(t('classes.list.noCertificate'));
        } else {
          setActionError(error);
        }
      },
    });
  }

  const detail = (item: TrainingClass, tab?: string) => paths.classDetail.href(orgId, item.id, tab);

  const columns: ColumnsType<TrainingClass> = [
    {
      key: 'name',
      title: t('classes.fields.name'),
      render: (_, item) => <Link to={detail(item)}>{item.name}</Link>,
    },
    { key: 'code', title: t('classes.fields.code'), dataIndex: 'code' },
    {
      key: 'live',
      title: t('classes.fields.totalLive'),
      render: (_, item) => formatDuration(item.total_live_ms),
    },
    {
      key: 'students',
      title: t('classes.fields.students'),
      render: (_, item) =>
        t('classes.list.studentCount', {
          count: item.student_count,
          active: item.active_student_count,
        }),
    },
    {
      key: 'created',
      title: t('classes.fields.createdAt'),
      render: (_, item) => formatDateTime(item.created_at, i18n.language),
    },
    {
      key: 'certificate',
      title: t('classes.fields.certificate'),
      render: (_, item) => (
        <Button
          type="link"
          size="small"
          style={{ paddingInline: 0 }}
          aria-label={t('classes.list.downloadCertificateOf', { name: item.name })}
          onClick={() => getCertificate(item)}
        >
          {t('classes.list.download')}
        </Button>
      ),
    },
    {
      key: 'subsidy',
      title: t('classes.fields.subsidy'),
      render: (_, item) => <SubsidyStatusTag status={item.subsidy_status} />,
    },
    {
      key: 'actions',
      title: t('classes.fields.actions'),
      render: (_, item) => (
        <Space size={4} wrap={false}>
          <Link to={detail(item, 'overview')}>{t('classes.list.manage')}</Link>
          <Link to={detail(item, 'students')}>{t('classes.list.students')}</Link>
          <Link to={detail(item, 'records')}>{t('classes.list.records')}</Link>
          {canManage && (
            <Popconfirm
              title={t('classes.list.deleteTitle', { name: item.name })}
              description={t('classes.list.deleteText')}
              okText={t('classes.list.delete')}
              cancelText={t('classes.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() =>
                remove
                  .mutateAsync(item.id, {
                    onSuccess: () => {
                      setActionError(null);
                      void message.success(t('classes.list.deleted', { name: item.name }));
                    },
                    onError: setActionError,
                  })
                  .catch(() => undefined)
              }
            >
              <Button type="link" danger size="small" style={{ paddingInline: 0 }}>
                {t('classes.list.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  const empty = (
    <Empty description={t('classes.list.empty')}>
      {canManage && (
        <Button
          type="primary"
          icon={<PlusOutlined aria-hidden />}
          onClick={() => setCreating(true)}
        >
          {t('classes.create.title')}
        </Button>
      )}
    </Empty>
  );

  return (
    <Card
      title={t('classes.list.title')}
      extra={
        canManage && (
          <Button
            type="primary"
            icon={<PlusOutlined aria-hidden />}
            onClick={() => setCreating(true)}
          >
            {t('classes.create.title')}
          </Button>
        )
      }
    >
      {!canManage && (
        <Typography.Paragraph type="secondary">{t('classes.list.staffOnly')}</Typography.Paragraph>
      )}
      <ProblemAlert error={actionError ?? (classes.isError ? classes.error : null)} />
      {classes.isError && (
        <Button onClick={() => void classes.refetch()} style={{ marginBottom: 16 }}>
          {t('errors.retry')}
        </Button>
      )}
      <Table<TrainingClass>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={classes.data?.items}
        loading={classes.isPending || download.isPending}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: classes.isPending ? ' ' : empty }}
        pagination={{
          current: page,
          pageSize,
          total: classes.data?.total ?? 0,
          hideOnSinglePage: true,
          showSizeChanger: false,
          onChange: setPage,
        }}
      />
      <Modal
        title={t('classes.create.title')}
        open={creating}
        footer={null}
        destroyOnHidden
        onCancel={() => setCreating(false)}
      >
        <CreateClassForm
          orgId={orgId}
          onCancel={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            void navigate(paths.classDetail.href(orgId, created.id, 'students'));
          }}
        />
      </Modal>
    </Card>
  );
}
