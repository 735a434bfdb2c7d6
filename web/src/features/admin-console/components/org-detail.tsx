import { Button, Descriptions, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useEnumLabel } from '@/hooks/use-enum-label';
import { formatDate, formatDateTime } from '@/utils/format-date';

import { useOrg, type OrgPerson } from '../api/get-org';

const roleColors: Record<string, string> = { owner: 'gold', admin: 'blue' };

/**
 * One org as an operator checks it (the list's 查看 drawer): its government details, how and
 * when it was certified, what it takes part in, and its people with masked phones.
 */
export function OrgDetailView({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const roleLabel = useEnumLabel('org_roles');
  const org = useOrg(orgId);

  if (org.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (org.isError) {
    return (
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <ProblemAlert error={org.error} />
        <Button loading={org.isFetching} onClick={() => void org.refetch()}>
          {t('errors.retry')}
        </Button>
      </Space>
    );
  }

  const detail = org.data;
  const none = t('adminConsole.none');
  const state = (value?: string | null) =>
    value ? <Tag>{t(`adminConsole.orgs.states.${value}`, { defaultValue: value })}</Tag> : none;
  const certifiedBy = detail.certified_by
    ? t(`adminConsole.orgs.certifiedBy.${detail.certified_by}`, {
        defaultValue: detail.certified_by,
      })
    : null;
  const certifiedOn = detail.certified_at ? formatDate(detail.certified_at, i18n.language) : null;
  const certifiedNote = [certifiedBy, certifiedOn].filter(Boolean).join(' · ');

  const columns: ColumnsType<OrgPerson> = [
    { title: t('adminConsole.orgs.memberName'), dataIndex: 'display_name' },
    {
      title: t('adminConsole.orgs.memberPhone'),
      dataIndex: 'mobile',
      render: (mobile?: string | null) => mobile || none,
    },
    {
      title: t('adminConsole.orgs.memberRole'),
      dataIndex: 'role',
      render: (role: string) => <Tag color={roleColors[role]}>{roleLabel(role)}</Tag>,
    },
  ];

  return (
    <Space orientation="vertical" size={24} style={{ width: '100%' }}>
      <Descriptions
        bordered
        size="small"
        column={1}
        items={[
          { key: 'name', label: t('adminConsole.orgs.name'), children: detail.name },
          { key: 'uscc', label: t('adminConsole.orgs.uscc'), children: detail.uscc || none },
          {
            key: 'legal',
            label: t('adminConsole.orgs.legalRepresentative'),
            children: detail.legal_representative || none,
          },
          {
            key: 'address',
            label: t('adminConsole.orgs.address'),
            children: detail.address || none,
          },
          {
            key: 'phone',
            label: t('adminConsole.orgs.contactPhone'),
            children: detail.contact_phone || none,
          },
          {
            key: 'certification',
            label: t('adminConsole.orgs.certification'),
            children: (
              <Space wrap size={4}>
                <Tag color={detail.certification === 'certified' ? 'green' : 'default'}>
                  {t(`adminConsole.orgs.certifications.${detail.certification}`, {
                    defaultValue: detail.certification,
                  })}
                </Tag>
                {certifiedNote && (
                  <Typography.Text type="secondary">{certifiedNote}</Typography.Text>
                )}
              </Space>
            ),
          },
          {
            key: 'provider',
            label: t('adminConsole.orgs.provider'),
            children: state(detail.provider_status),
          },
          {
            key: 'membership',
            label: t('adminConsole.orgs.membership'),
            children: state(detail.membership_status),
          },
          {
            key: 'classes',
            label: t('adminConsole.orgs.classes'),
            children: detail.class_count,
          },
          {
            key: 'created',
            label: t('adminConsole.orgs.createdAt'),
            children: formatDateTime(detail.created_at, i18n.language),
          },
        ]}
      />
      <div>
        <Typography.Title level={5}>
          {t('adminConsole.orgs.memberList', { total: detail.members.length })}
        </Typography.Title>
        <Table<OrgPerson>
          rowKey="user_id"
          size="small"
          columns={columns}
          dataSource={detail.members}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('adminConsole.orgs.noMembers') }}
        />
      </div>
    </Space>
  );
}
