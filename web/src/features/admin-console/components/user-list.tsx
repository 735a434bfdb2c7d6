import { App, Button, Card, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useTableScrollX } from '@/hooks/use-table-scroll-x';
import { formatDateTime } from '@/utils/format-date';

import { useUsers, type UserSummary, type UsersFilter } from '../api/get-users';
import { useResetUserIdentity } from '../api/reset-user-identity';
import { useSetUserLocked } from '../api/set-user-locked';

const statuses = ['active', 'locked', 'disabled'] as const;
const statusColor: Record<string, string> = { active: 'green', locked: 'red', disabled: 'default' };
/** The identities the SPA names (`sso.names`); any other shows as the API spells it. */
const knownIdentities: readonly string[] = ['wechat', 'dingtalk', 'hainan_gov', 'oidc'];

type Props = {
  filter: UsersFilter;
  onFilterChange: (next: UsersFilter) => void;
  /** Super admins lock and unlock; other operators only look. */
  canEdit: boolean;
};

/**
 * 用户管理: accounts searched by phone or name, with the WeChat, DingTalk, 海易办 … identities
 * linked to each; super admins lock and unlock them and unbind an identity (so the user can
 * bind a new one — the server refuses to take an account's last way to sign in).
 */
export function UserList({ filter, onFilterChange, canEdit }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const users = useUsers(filter);
  const setLocked = useSetUserLocked();
  const resetIdentity = useResetUserIdentity();
  const nameOf = (user: UserSummary) => user.display_name || user.mobile || user.id;
  const identityName = (key: string) =>
    knownIdentities.includes(key) ? t(`sso.names.${key}`) : key;

  const reset = (user: UserSummary, provider: string) =>
    resetIdentity.mutateAsync({ userId: user.id, provider }).then(
      () =>
        void message.success(
          t('adminConsole.users.identityReset', {
            name: nameOf(user),
            identity: identityName(provider),
          }),
        ),
      // Shown above the table (ProblemAlert), e.g. `last_sign_in_method` in the server's words.
      () => undefined,
    );

  const identities = (user: UserSummary) => {
    const linked = user.identities ?? [];
    if (linked.length === 0) return t('adminConsole.none');
    return (
      <Space wrap size={[4, 4]}>
        {linked.map((provider) => {
          const identity = identityName(provider);
          if (!canEdit) {
            return (
              <Tag key={provider} color="blue">
                {identity}
              </Tag>
            );
          }
          const busy =
            resetIdentity.isPending &&
            resetIdentity.variables?.userId === user.id &&
            resetIdentity.variables.provider === provider;
          return (
            <Space key={provider} size={0}>
              <Tag color="blue">{identity}</Tag>
              <Popconfirm
                title={t('adminConsole.users.resetIdentityTitle', {
                  name: nameOf(user),
                  identity,
                })}
                description={
                  <Typography.Paragraph style={{ maxWidth: 280, marginBottom: 0 }}>
                    {t('adminConsole.users.resetIdentityText', { identity })}
                  </Typography.Paragraph>
                }
                okText={t('adminConsole.users.resetIdentity')}
                okButtonProps={{ danger: true }}
                onConfirm={() => reset(user, provider)}
              >
                <Button
                  size="small"
                  type="link"
                  danger
                  loading={busy}
                  aria-label={t('adminConsole.users.resetIdentityOf', {
                    name: nameOf(user),
                    identity,
                  })}
                >
                  {t('adminConsole.users.resetIdentity')}
                </Button>
              </Popconfirm>
            </Space>
          );
        })}
      </Space>
    );
  };

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
      width: 120,
      render: (m?: string | null) => m ?? t('adminConsole.none'),
    },
    { title: t('adminConsole.users.name'), dataIndex: 'display_name', width: 120, ellipsis: true },
    {
      title: t('adminConsole.users.status'),
      dataIndex: 'status',
      width: 80,
      render: (status: string) => (
        <Tag color={statusColor[status]}>
          {t(`adminConsole.users.statuses.${status}`, { defaultValue: status })}
        </Tag>
      ),
    },
    {
      title: t('adminConsole.users.role'),
      dataIndex: 'admin_role',
      width: 90,
      render: (role?: string | null) =>
        role
          ? t(`adminConsole.users.roles.${role}`, { defaultValue: role })
          : t('adminConsole.none'),
    },
    {
      title: t('adminConsole.users.identities'),
      key: 'identities',
      width: 180,
      render: (_, user) => identities(user),
    },
    { title: t('adminConsole.users.orgCount'), dataIndex: 'org_count', align: 'right', width: 70 },
    {
      title: t('adminConsole.users.createdAt'),
      dataIndex: 'created_at',
      width: 130,
      render: (at: string) => formatDateTime(at, i18n.language),
    },
  ];
  if (canEdit) {
    columns.push({
      title: t('adminConsole.actions'),
      key: 'actions',
      fixed: 'right',
      width: 90,
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

  const scrollX = useTableScrollX(columns);

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
      {resetIdentity.isError ? <ProblemAlert error={resetIdentity.error} /> : null}
      <Table<UserSummary>
        rowKey="id"
        columns={columns}
        dataSource={users.data?.items}
        loading={users.isFetching}
        size="middle"
        scroll={{ x: scrollX }}
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
