import {
  CheckCircleOutlined,
  CloudSyncOutlined,
  DeleteOutlined,
  DownloadOutlined,
  EllipsisOutlined,
  PlusOutlined,
  SyncOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Drawer,
  Dropdown,
  Grid,
  Input,
  Modal,
  Popconfirm,
  Segmented,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { FirstLoad, ProblemAlert } from '@/components/problem-alert';
import { useEnumLabel } from '@/hooks/use-enum-label';

import { useActivateStudents } from '../api/activate-students';
import { useDeleteStudents } from '../api/delete-students';
import { downloadStudents, useDownload } from '../api/download-files';
import { useClassRecords, type StudentRecord } from '../api/get-class-records';
import type { TrainingClass } from '../api/get-classes';
import { useStudent } from '../api/get-student';
import { useStudents, type Student, type StudentFilter } from '../api/get-students';
import { formatDuration } from '../format';
import { useRecordsRefresh } from '../hooks/use-records-refresh';
import { useSyncAction } from '../hooks/use-sync-action';
import { RecordsRefreshStatus } from './records-refresh-status';
import { StudentDetailView } from './student-detail';
import { StudentFormView } from './student-form';
import { StudentImport } from './student-import';
import { StudentRecordsView } from './student-records';
import { SyncState } from './sync-state';

type Props = { orgId: string; item: TrainingClass; canManage: boolean };

type Dialog =
  | { kind: 'add' }
  | { kind: 'import' }
  | { kind: 'view'; student: Student }
  | { kind: 'edit'; student: Student }
  | { kind: 'records'; student: Student };

/** Edit an inactive student: the full values come from the (audited) single-record view. */
function EditStudent({
  orgId,
  classId,
  studentId,
  onClose,
}: {
  orgId: string;
  classId: string;
  studentId: string;
  onClose: () => void;
}) {
  const student = useStudent(orgId, classId, studentId);
  if (student.data === undefined)
    return <FirstLoad query={student} loading={<Skeleton active />} />;
  const s = student.data;
  return (
    <StudentFormView
      orgId={orgId}
      classId={classId}
      editing={{
        id: s.id,
        values: {
          name: s.name,
          gender: s.gender as 'male' | 'female',
          resident_id: s.resident_id_full,
          mobile: s.mobile_full,
          education: s.education,
        },
      }}
      onDone={onClose}
      onCancel={onClose}
    />
  );
}

/**
 * 员工列表 (SPEC §5.2, seed 001): masked list with each student's 点播 and 直播 learning time
 * (from the class's records), add and edit one by one, import from xlsx, activate (then
 * read-only), delete inactive ones, sync the class to the live platform, update the learning
 * records, export. Owners and admins act; staff read. On a phone the toolbar keeps adding and
 * the batch actions in view and folds the rest into 更多; the table scrolls under the pinned
 * name.
 */
export function ClassStudents({ orgId, item, canManage }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const genderLabel = useEnumLabel('genders');
  const educationLabel = useEnumLabel('education_levels');
  const [filter, setFilter] = useState<StudentFilter>({ page: 1, pageSize: 20 });
  const [selected, setSelected] = useState<string[]>([]);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const students = useStudents(orgId, item.id, filter);
  const records = useClassRecords(orgId, item.id);
  const sync = useSyncAction(orgId, item.id);
  const refresh = useRecordsRefresh(orgId, item.id);
  const activate = useActivateStudents(orgId, item.id);
  const remove = useDeleteStudents(orgId, item.id);
  const download = useDownload();
  const close = () => setDialog(null);

  const batch = {
    onError: setActionError,
  };
  function activateSelected() {
    setActionError(null);
    return activate
      .mutateAsync(selected, {
        ...batch,
        onSuccess: ({ affected }) => {
          setSelected([]);
          void message.success(t('classes.students.activated', { count: affected }));
        },
      })
      .catch(() => undefined);
  }
  function deleteSelected() {
    setActionError(null);
    return remove
      .mutateAsync(selected, {
        ...batch,
        onSuccess: ({ affected }) => {
          setSelected([]);
          void message.success(t('classes.students.deletedCount', { count: affected }));
        },
      })
      .catch(() => undefined);
  }

  function exportStudents() {
    download.mutate(() => downloadStudents({ org_id: orgId, class_id: item.id }), {
      onError: setActionError,
    });
  }

  // The records list activated students only: anyone else has learned nothing yet (00:00:00).
  // Until the records load (or when they cannot), the times show as unknown.
  const recordOf = new Map<string, StudentRecord>(
    (records.data?.students ?? []).map((record) => [record.student_id, record]),
  );
  const time = (student: Student, field: 'on_demand_ms' | 'live_ms') =>
    records.data ? formatDuration(recordOf.get(student.id)?.[field] ?? 0) : '—';

  const columns: ColumnsType<Student> = [
    { key: 'name', title: t('classes.students.name'), dataIndex: 'name', fixed: 'left' },
    {
      key: 'gender',
      title: t('classes.students.gender'),
      render: (_, s) => genderLabel(s.gender),
    },
    { key: 'resident_id', title: t('classes.students.residentId'), dataIndex: 'resident_id' },
    { key: 'mobile', title: t('classes.students.mobile'), dataIndex: 'mobile' },
    {
      key: 'education',
      title: t('classes.students.education'),
      render: (_, s) => educationLabel(s.education),
    },
    {
      // Shown, never counted: only the live time makes the subsidy hours (SPEC §5.4).
      key: 'onDemand',
      title: t('classes.students.onDemandTime'),
      render: (_, s) => time(s, 'on_demand_ms'),
    },
    {
      key: 'live',
      title: t('classes.students.liveTime'),
      render: (_, s) => time(s, 'live_ms'),
    },
    {
      key: 'status',
      title: t('classes.students.status'),
      render: (_, s) =>
        s.status === 'active' ? (
          <Tag color="success">{t('classes.students.statuses.active')}</Tag>
        ) : (
          <Tag>{t('classes.students.statuses.inactive')}</Tag>
        ),
    },
    {
      key: 'actions',
      title: t('classes.fields.actions'),
      render: (_, s) => (
        <Space size={4}>
          {canManage && (
            <Button
              type="link"
              size="small"
              style={{ paddingInline: 0 }}
              aria-label={t('classes.students.viewOf', { name: s.name })}
              onClick={() => setDialog({ kind: 'view', student: s })}
            >
              {t('classes.students.view')}
            </Button>
          )}
          {canManage && s.status === 'inactive' && (
            <Button
              type="link"
              size="small"
              style={{ paddingInline: 0 }}
              aria-label={t('classes.students.editOf', { name: s.name })}
              onClick={() => setDialog({ kind: 'edit', student: s })}
            >
              {t('classes.students.edit')}
            </Button>
          )}
          <Button
            type="link"
            size="small"
            style={{ paddingInline: 0 }}
            aria-label={t('classes.students.recordsOf', { name: s.name })}
            onClick={() => setDialog({ kind: 'records', student: s })}
          >
            {t('classes.students.records')}
          </Button>
        </Space>
      ),
    },
  ];

  const hasFilter = Boolean(filter.q || filter.status);

  const addButton = (
    <Button
      type="primary"
      icon={<PlusOutlined aria-hidden />}
      onClick={() => setDialog({ kind: 'add' })}
    >
      {t('classes.students.add')}
    </Button>
  );
  const activateButton = (
    <Popconfirm
      title={t('classes.students.activateTitle', { count: selected.length })}
      description={t('classes.students.activateText')}
      okText={t('classes.students.activate')}
      cancelText={t('classes.cancel')}
      onConfirm={activateSelected}
      disabled={selected.length === 0}
    >
      <Button
        icon={<CheckCircleOutlined aria-hidden />}
        disabled={selected.length === 0}
        loading={activate.isPending}
      >
        {t('classes.students.activate')}
      </Button>
    </Popconfirm>
  );
  const deleteButton = (
    <Popconfirm
      title={t('classes.students.deleteTitle', { count: selected.length })}
      description={t('classes.students.deleteText')}
      okText={t('classes.students.delete')}
      cancelText={t('classes.cancel')}
      okButtonProps={{ danger: true }}
      onConfirm={deleteSelected}
      disabled={selected.length === 0}
    >
      <Button
        danger
        icon={<DeleteOutlined aria-hidden />}
        disabled={selected.length === 0}
        loading={remove.isPending}
      >
        {t('classes.students.delete')}
      </Button>
    </Popconfirm>
  );
  const syncLabel = sync.failed ? t('classes.sync.retry') : t('classes.sync.submit');

  // The manual's order: 添加学员 批量导入 批量激活 批量删除 同步班级信息至直播平台 更新学习记录.
  const actions = screens.md ? (
    <Space wrap>
      {addButton}
      <Button icon={<UploadOutlined aria-hidden />} onClick={() => setDialog({ kind: 'import' })}>
        {t('classes.import.title')}
      </Button>
      {activateButton}
      {deleteButton}
      <Button icon={<CloudSyncOutlined aria-hidden />} loading={sync.busy} onClick={sync.start}>
        {syncLabel}
      </Button>
      <Button
        icon={<SyncOutlined aria-hidden spin={refresh.running} />}
        loading={refresh.starting}
        disabled={refresh.running}
        onClick={refresh.start}
      >
        {t('classes.records.refresh')}
      </Button>
      <Button
        icon={<DownloadOutlined aria-hidden />}
        loading={download.isPending}
        onClick={exportStudents}
      >
        {t('classes.students.export')}
      </Button>
    </Space>
  ) : (
    <Space wrap>
      {addButton}
      {activateButton}
      {deleteButton}
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            {
              key: 'import',
              icon: <UploadOutlined aria-hidden />,
              label: t('classes.import.title'),
            },
            {
              key: 'sync',
              icon: <CloudSyncOutlined aria-hidden />,
              label: syncLabel,
              disabled: sync.busy,
            },
            {
              key: 'records',
              icon: <SyncOutlined aria-hidden />,
              label: t('classes.records.refresh'),
              disabled: refresh.running,
            },
            {
              key: 'export',
              icon: <DownloadOutlined aria-hidden />,
              label: t('classes.students.export'),
              disabled: download.isPending,
            },
          ],
          onClick: ({ key }) => {
            if (key === 'import') setDialog({ kind: 'import' });
            else if (key === 'sync') sync.start();
            else if (key === 'records') refresh.start();
            else if (key === 'export') exportStudents();
          },
        }}
      >
        <Button
          icon={<EllipsisOutlined aria-hidden />}
          loading={sync.busy || refresh.running || download.isPending}
        >
          {t('classes.students.more')}
        </Button>
      </Dropdown>
    </Space>
  );

  return (
    <Card>
      <div className="class-toolbar">
        {canManage && actions}
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('classes.students.search')}
            aria-label={t('classes.students.search')}
            onSearch={(q) => setFilter((f) => ({ ...f, q: q.trim(), page: 1 }))}
            style={{ width: 200 }}
          />
          <Segmented<string>
            aria-label={t('classes.students.status')}
            value={filter.status ?? 'all'}
            onChange={(value) =>
              setFilter((f) => ({
                ...f,
                status: value === 'all' ? undefined : (value as 'active' | 'inactive'),
                page: 1,
              }))
            }
            options={[
              { value: 'all', label: t('classes.students.all') },
              { value: 'inactive', label: t('classes.students.statuses.inactive') },
              { value: 'active', label: t('classes.students.statuses.active') },
            ]}
          />
        </Space>
      </div>
      {canManage && (sync.running || sync.started) && sync.state && <SyncState sync={sync.state} />}
      {canManage && <RecordsRefreshStatus refresh={refresh} />}
      {canManage && (
        <Typography.Paragraph type="secondary">
          {t('classes.students.readOnlyHint')}
        </Typography.Paragraph>
      )}
      <ProblemAlert
        error={
          actionError ??
          sync.error ??
          (students.isError ? students.error : null) ??
          (records.isError ? records.error : null)
        }
      />
      <Table<Student>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={students.data?.items}
        loading={students.isPending}
        scroll={{ x: 'max-content' }}
        rowSelection={
          canManage
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys.map(String)),
                // Activated students are read-only: neither activated again nor deleted.
                getCheckboxProps: (s) => ({
                  disabled: s.status === 'active',
                  'aria-label': t('classes.students.select', { name: s.name }),
                }),
              }
            : undefined
        }
        locale={{
          emptyText: hasFilter ? t('classes.students.noMatch') : t('classes.students.empty'),
        }}
        pagination={{
          current: filter.page,
          pageSize: filter.pageSize,
          total: students.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          hideOnSinglePage: false,
          showTotal: (total) => t('classes.students.total', { count: total }),
          onChange: (page, pageSize) => setFilter((f) => ({ ...f, page, pageSize })),
        }}
      />
      <Modal
        title={
          dialog?.kind === 'edit' ? t('classes.students.editTitle') : t('classes.students.add')
        }
        open={dialog?.kind === 'add' || dialog?.kind === 'edit'}
        footer={null}
        destroyOnHidden
        onCancel={close}
      >
        {dialog?.kind === 'add' && (
          <StudentFormView orgId={orgId} classId={item.id} onDone={close} onCancel={close} />
        )}
        {dialog?.kind === 'edit' && (
          <EditStudent
            orgId={orgId}
            classId={item.id}
            studentId={dialog.student.id}
            onClose={close}
          />
        )}
      </Modal>
      <Modal
        title={t('classes.import.title')}
        open={dialog?.kind === 'import'}
        footer={null}
        destroyOnHidden
        onCancel={close}
        width={640}
      >
        <StudentImport orgId={orgId} classId={item.id} onClose={close} />
      </Modal>
      <Modal
        title={t('classes.students.viewTitle')}
        open={dialog?.kind === 'view'}
        footer={null}
        destroyOnHidden
        onCancel={close}
      >
        {dialog?.kind === 'view' && (
          <StudentDetailView
            orgId={orgId}
            classId={item.id}
            studentId={dialog.student.id}
            onEdit={() => setDialog({ kind: 'edit', student: dialog.student })}
          />
        )}
      </Modal>
      <Drawer
        title={
          dialog?.kind === 'records'
            ? t('classes.records.studentTitle', { name: dialog.student.name })
            : ''
        }
        open={dialog?.kind === 'records'}
        onClose={close}
        size={screens.md ? 720 : '100%'}
        destroyOnHidden
      >
        {dialog?.kind === 'records' && (
          <StudentRecordsView orgId={orgId} classId={item.id} studentId={dialog.student.id} />
        )}
      </Drawer>
    </Card>
  );
}
