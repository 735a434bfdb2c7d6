import {
  Alert,
  App,
  Button,
  Card,
  Grid,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useEnumLabel } from '@/hooks/use-enum-label';
import { useMe } from '@/hooks/use-me';
import { formatDate } from '@/utils/format-date';

import { useChangeMemberRole } from '../api/change-member-role';
import type { Org } from '../api/get-my-orgs';
import { useOrgMembers, type OrgMember, type SubAccountRole } from '../api/get-org-members';
import { useRemoveOrgMember } from '../api/remove-org-member';
import { AddMemberForm, subAccountRoles } from './add-member-form';

const roleColors: Record<string, string> = { owner: 'gold', admin: 'blue' };

/**
 * 子账号: the org's accounts (owners and admins see them; mobiles come masked). Only the
 * owner adds, removes and changes roles (the API's rule), other owners' included but never
 * their own. When the legal person certified the org through 海易办, the members who joined
 * before are suspended until the owner keeps them (a role) or removes them.
 */
export function OrgMembers({ org }: { org: Org }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const screens = Grid.useBreakpoint();
  const roleLabel = useEnumLabel('org_roles');
  const me = useMe();
  const members = useOrgMembers(org.id);
  const changeRole = useChangeMemberRole(org.id);
  const remove = useRemoveOrgMember(org.id);
  const [actionError, setActionError] = useState<unknown>(null);
  const isOwner = org.my_role === 'owner';
  const myId = me.data?.id;
  // Until we know who is signed in, no row is offered as someone else's: the owner's own
  // row never carries the controls.
  const manages = (member: OrgMember) => isOwner && myId !== undefined && member.user_id !== myId;
  const anySuspended = members.data?.some((member) => member.suspended_at) ?? false;

  const act = {
    onSuccess: () => setActionError(null),
    onError: (error: unknown) => setActionError(error),
  };

  function changeRoleOf(member: OrgMember, role: SubAccountRole) {
    if (member.role !== 'owner') {
      changeRole.mutate({ userId: member.user_id, role }, act);
      return;
    }
    // An owner demoted here cannot be made owner again from this page: ask first.
    void modal.confirm({
      title: t('members.demoteTitle', { mobile: member.mobile, role: roleLabel(role) }),
      content: t('members.demoteText'),
      okText: t('members.demote'),
      okButtonProps: { danger: true },
      cancelText: t('enterprise.cancel'),
      onOk: () =>
        changeRole.mutateAsync({ userId: member.user_id, role }, act).catch(() => undefined),
    });
  }

  function keep(member: OrgMember, role: SubAccountRole) {
    changeRole.mutate(
      { userId: member.user_id, role },
      {
        onSuccess: () => {
          act.onSuccess();
          void message.success(t('members.kept', { mobile: member.mobile, role: roleLabel(role) }));
        },
        onError: act.onError,
      },
    );
  }

  const accountCell = (member: OrgMember) => (
    <Space wrap size={4}>
      <Typography.Text>{member.mobile || member.display_name}</Typography.Text>
      {member.user_id === myId && <Tag>{t('members.me')}</Tag>}
      {member.suspended_at && (
        <Tag color="warning">
          {isOwner ? t('members.suspended') : t('members.suspendedAwaitingOwner')}
        </Tag>
      )}
    </Space>
  );

  const roleCell = (member: OrgMember) =>
    manages(member) && !member.suspended_at ? (
      <Select<string>
        aria-label={t('members.roleOf', { mobile: member.mobile })}
        size="small"
        value={member.role}
        style={{ minWidth: 96 }}
        disabled={changeRole.isPending}
        options={[
          // An owner's row shows its role; only admin and staff can be chosen.
          ...(member.role === 'owner'
            ? [{ value: 'owner', label: roleLabel('owner'), disabled: true }]
            : []),
          ...subAccountRoles.map((value) => ({ value, label: roleLabel(value) })),
        ]}
        onChange={(value) => changeRoleOf(member, value as SubAccountRole)}
      />
    ) : (
      <Tag color={roleColors[member.role]}>{roleLabel(member.role)}</Tag>
    );

  const actionsCell = (member: OrgMember) =>
    manages(member) ? (
      <Space size={[12, 4]} wrap>
        {member.suspended_at &&
          subAccountRoles.map((value) => (
            <Button
              key={value}
              type="link"
              size="small"
              style={{ paddingInline: 0 }}
              disabled={changeRole.isPending}
              onClick={() => keep(member, value)}
            >
              {t(`members.keepAs.${value}`)}
            </Button>
          ))}
        <Popconfirm
          title={t('members.removeTitle', { mobile: member.mobile })}
          description={t('members.removeText')}
          okText={t('members.remove')}
          cancelText={t('enterprise.cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={() => remove.mutateAsync(member.user_id, act).catch(() => undefined)}
        >
          <Button type="link" danger size="small" style={{ paddingInline: 0 }}>
            {t('members.remove')}
          </Button>
        </Popconfirm>
      </Space>
    ) : null;

  // On a phone each member is one stacked cell, so the keep and remove actions stay on screen
  // instead of past a sideways scroll.
  const columns: ColumnsType<OrgMember> = screens.md
    ? [
        { key: 'account', title: t('members.account'), render: (_, member) => accountCell(member) },
        { key: 'role', title: t('members.role'), render: (_, member) => roleCell(member) },
        {
          key: 'joined',
          title: t('members.joinedAt'),
          render: (_, member) => formatDate(member.joined_at, i18n.language),
        },
        ...(isOwner
          ? [
              {
                key: 'actions',
                title: t('members.actions'),
                render: (_: unknown, member: OrgMember) => actionsCell(member),
              },
            ]
          : []),
      ]
    : [
        {
          key: 'account',
          title: t('members.account'),
          render: (_, member) => (
            <Space orientation="vertical" size={4}>
              {accountCell(member)}
              {roleCell(member)}
              {actionsCell(member)}
            </Space>
          ),
        },
      ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {isOwner && (
        <Card title={t('members.addTitle')}>
          <AddMemberForm orgId={org.id} />
        </Card>
      )}
      <Card title={t('members.title')}>
        {!isOwner && (
          <Typography.Paragraph type="secondary">{t('members.ownerOnly')}</Typography.Paragraph>
        )}
        {anySuspended && (
          <Alert
            type="warning"
            showIcon
            title={
              isOwner ? t('members.suspendedNotice') : t('members.suspendedNoticeAwaitingOwner')
            }
            style={{ marginBottom: 16 }}
          />
        )}
        <ProblemAlert error={actionError ?? (members.isError ? members.error : null)} />
        <Table<OrgMember>
          rowKey="user_id"
          size="middle"
          columns={columns}
          dataSource={members.data}
          loading={members.isPending}
          pagination={false}
          scroll={screens.md ? { x: 'max-content' } : undefined}
          locale={{ emptyText: t('members.empty') }}
        />
      </Card>
    </Space>
  );
}
