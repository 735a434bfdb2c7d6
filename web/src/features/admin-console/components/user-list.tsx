import { App, Button, Card, Input, Popconfirm, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { formatDateTime } from '@/utils/format-date';

import { useUsers, type UserSummary, type UsersFilter } from '../api/get-users';
import { useSetUserLocked } from '../api/set-user-locked';

const statuses = ['active', 'locked', 'disabled'] as const;
const statusColor: Record<string, string> = { active: 'green', locked: 'red', disabled: 'default' };

type Props = {
  filter: UsersFilter;
  onFilterChange: (next: UsersFilter) => void;
  /** Super admins lock and unlock; other operators only look. */
  canEdit: boolean;
};

/** 用户管理: accounts searched by phone or name; super admins lock and unlock them. */
export function UserList({ filter, onFilterChange, canEdit }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const users = useUsers(filter);
  const setLocked = useSetUserLocked();
  const nameOf = (user: UserSummary) => user.display_name || user.mobile || user.id;

  const change = (userId: string, locked: boolean, name: string) =>
    setLocked.mutate(
      { userId, locked },
      {
        onSuccess: () =>
          void message.success(t(`adminConsole.users.${locked ? 'locked' : 'unlocked'}`, { name })),
      },
    );

  const columns: ColumnsType<UserSummary> = [
    {
      title: t('adminConsole.users.mobile'),
      dataIndex: 'mobile',
      render: (m?: string | null) => m ?? t('adminConsole.none'),
    },
    { title: t('adminConsole.users.name'), dataIndex: 'display_name' },
    {
      title: t('adminConsole.users.status'),
      dataIndex: 'status',
      render: (status: string) => (
        <Tag color={statusColor[status]}>
          {t(`adminConsole.users.statuses.${status}`, { defaultValue: status })}
        </Tag>
      ),
    },
    {
      title: t('adminConsole.users.role'),
      dataIndex: 'admin_role',
      render: (role?: string | null) =>
        role
          ? t(`adminConsole.users.roles.${role}`, { defaultValue: role })
          : t('adminConsole.none'),
    },
    { title: t('adminConsole.users.orgCount'), dataIndex: 'org_count', align: 'right' },
    {
      title: t('adminConsole.users.createdAt'),
      dataIndex: 'created_at',
      render: (at: string) => formatDateTime(at, i18n.language),
    },
  ];
  if (canEdit) {
    columns.push({
      title: t('adminConsole.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, user) =>
        user.status === 'locked' ? (
          <Button
            size="small"
            aria-label={`${t('adminConsole.users.unlock')} ${nameOf(user)}`}
            loading={setLocked.isPending && setLocked.variables?.userId === user.id}
            onClick={() => change(user.id, false, nameOf(user))}
          >
            {t('adminConsole.users.unlock')}
          </Button>
        ) : (
          <Popconfirm
            title={t('adminConsole.users.lockTitle', { name: nameOf(user) })}
            description={t('adminConsole.users.lockText')}
            okText={t('adminConsole.users.lock')}
            okButtonProps={{ danger: true }}
            onConfirm={() => change(user.id, true, nameOf(user))}
          >
            <Button
              size="small"
              danger
              aria-label={`${t('adminConsole.users.lock')} ${nameOf(user)}`}
              loading={setLocked.isPending && setLocked.variables?.userId === user.id}
            >
              {t('adminConsole.users.lock')}
            </Button>
          </Popconfirm>
        ),
    });
  }

  return (
    <Card>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          defaultValue={filter.q}
          placeholder={t('adminConsole.users.search')}
          aria-label={t('adminConsole.users.search')}
          enterButton
          style={{ maxWidth: 300 }}
          onSearch={(q) => onFilterChange({ ...filter, q: q.trim() || undefined, page: 1 })}
        />
        <Select
          aria-label={t('adminConsole.users.status')}
          value={filter.status ?? ''}
          style={{ width: 140 }}
          onChange={(status) => onFilterChange({ ...filter, status: status || undefined, page: 1 })}
          options={[
            { value: '', label: t('adminConsole.users.allStatuses') },
            ...statuses.map((s) => ({ value: s, label: t(`adminConsole.users.statuses.${s}`) })),
          ]}
        />
      </Space>
      {users.isError ? <ProblemAlert error={users.error} /> : null}
      {setLocked.isError ? <ProblemAlert error={setLocked.error} /> : null}
      <Table<UserSummary>
        rowKey="id"
        columns={columns}
        dataSource={users.data?.items}
        loading={users.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('adminConsole.users.empty') }}
        pagination={{
          current: filter.page,
          pageSize: filter.page_size,
          total: users.data?.total ?? 0,
          showTotal: (total) => t('adminConsole.total', { total }),
          onChange: (page, pageSize) =>
            onFilterChange({
              ...filter,
              page: pageSize === filter.page_size ? page : 1,
              page_size: pageSize,
            }),
        }}
      />
    </Card>
  );
}
