import { Button, Card, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
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
 * owner adds, removes and changes roles (the API's rule); an owner is never changed here.
 */
export function OrgMembers({ org }: { org: Org }) {
  const { t, i18n } = useTranslation();
  const roleLabel = useEnumLabel('org_roles');
  const me = useMe();
  const members = useOrgMembers(org.id);
  const changeRole = useChangeMemberRole(org.id);
  const remove = useRemoveOrgMember(org.id);
  const [actionError, setActionError] = useState<unknown>(null);
  const isOwner = org.my_role === 'owner';

  const act = {
    onSuccess: () => setActionError(null),
    onError: (error: unknown) => setActionError(error),
  };

  const columns: ColumnsType<OrgMember> = [
    {
      key: 'account',
      title: t('members.account'),
      render: (_, member) => (
        <Space wrap size={4}>
          <Typography.Text>{member.mobile || member.display_name}</Typography.Text>
          {member.user_id === me.data?.id && <Tag>{t('members.me')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'role',
      title: t('members.role'),
      render: (_, member) =>
        isOwner && member.role !== 'owner' ? (
          <Select<SubAccountRole>
            aria-label={t('members.roleOf', { mobile: member.mobile })}
            size="small"
            value={member.role as SubAccountRole}
            style={{ minWidth: 96 }}
            disabled={changeRole.isPending}
            options={subAccountRoles.map((role) => ({ value: role, label: roleLabel(role) }))}
            onChange={(role) => changeRole.mutate({ userId: member.user_id, role }, act)}
          />
        ) : (
          <Tag color={roleColors[member.role]}>{roleLabel(member.role)}</Tag>
        ),
    },
    {
      key: 'joined',
      title: t('members.joinedAt'),
      responsive: ['md'],
      render: (_, member) => formatDate(member.joined_at, i18n.language),
    },
  ];
  if (isOwner) {
    columns.push({
      key: 'actions',
      title: t('members.actions'),
      render: (_, member) =>
        member.role === 'owner' ? null : (
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
        ),
    });
  }

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
        <ProblemAlert error={actionError ?? (members.isError ? members.error : null)} />
        <Table<OrgMember>
          rowKey="user_id"
          size="middle"
          columns={columns}
          dataSource={members.data}
          loading={members.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('members.empty') }}
        />
      </Card>
    </Space>
  );
}
