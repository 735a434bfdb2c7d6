import {
  App,
  Button,
  Card,
  Drawer,
  Grid,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useTableScrollX } from '@/hooks/use-table-scroll-x';
import { formatDateTime } from '@/utils/format-date';

import { useCertifyOrg } from '../api/certify-org';
import { useOrgs, type OrgSummary, type OrgsFilter } from '../api/get-orgs';
import { OrgDetailView } from './org-detail';

const certifications = ['uncertified', 'certified'] as const;

type Props = {
  filter: OrgsFilter;
  onFilterChange: (next: OrgsFilter) => void;
  /** Super admins certify; other operators only look. */
  canEdit: boolean;
};

/**
 * 企业管理: orgs with what they take part in; any operator opens one (查看) in a drawer,
 * super admins certify one by hand.
 */
export function OrgList({ filter, onFilterChange, canEdit }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const orgs = useOrgs(filter);
  const certify = useCertifyOrg();
  const screens = Grid.useBreakpoint();
  const [viewing, setViewing] = useState<OrgSummary | null>(null);
  const state = (value?: string | null) =>
    value ? (
      <Tag>{t(`adminConsole.orgs.states.${value}`, { defaultValue: value })}</Tag>
    ) : (
      t('adminConsole.none')
    );

  const columns: ColumnsType<OrgSummary> = [
    // Widths that fit the console at 1280 px, with 查看 / 认证 pinned on the right.
    { title: t('adminConsole.orgs.name'), dataIndex: 'name', width: 160, ellipsis: true },
    {
      title: t('adminConsole.orgs.uscc'),
      dataIndex: 'uscc',
      width: 160,
      ellipsis: true,
      render: (uscc?: string | null) => uscc || t('adminConsole.none'),
    },
    {
      title: t('adminConsole.orgs.certification'),
      dataIndex: 'certification',
      width: 90,
      render: (value: string) => (
        <Tag color={value === 'certified' ? 'green' : 'default'}>
          {t(`adminConsole.orgs.certifications.${value}`, { defaultValue: value })}
        </Tag>
      ),
    },
    { title: t('adminConsole.orgs.members'), dataIndex: 'member_count', align: 'right', width: 64 },
    {
      title: t('adminConsole.orgs.provider'),
      dataIndex: 'provider_status',
      width: 90,
      render: state,
    },
    {
      title: t('adminConsole.orgs.membership'),
      dataIndex: 'membership_status',
      width: 90,
      render: state,
    },
    { title: t('adminConsole.orgs.classes'), dataIndex: 'class_count', align: 'right', width: 64 },
    {
      title: t('adminConsole.orgs.createdAt'),
      dataIndex: 'created_at',
      responsive: ['xxl'],
      width: 150,
      render: (at: string) => formatDateTime(at, i18n.language),
    },
  ];
  columns.push({
    title: t('adminConsole.actions'),
    key: 'actions',
    fixed: 'right',
    width: 140,
    render: (_, org) => (
      <Space size={4}>
        <Button
          size="small"
          type="link"
          aria-label={`${t('adminConsole.orgs.view')} ${org.name}`}
          onClick={() => setViewing(org)}
        >
          {t('adminConsole.orgs.view')}
        </Button>
        {canEdit && org.certification !== 'certified' && (
          <Popconfirm
            title={t('adminConsole.orgs.certifyTitle', { name: org.name })}
            description={t('adminConsole.orgs.certifyText')}
            okText={t('adminConsole.orgs.certify')}
            onConfirm={() =>
              certify.mutate(org.id, {
                onSuccess: () =>
                  void message.success(t('adminConsole.orgs.certified', { name: org.name })),
              })
            }
          >
            <Button
              size="small"
              aria-label={`${t('adminConsole.orgs.certify')} ${org.name}`}
              loading={certify.isPending && certify.variables === org.id}
            >
              {t('adminConsole.orgs.certify')}
            </Button>
          </Popconfirm>
        )}
      </Space>
    ),
  });

  const scrollX = useTableScrollX(columns);

  return (
    <Card>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          defaultValue={filter.q}
          placeholder={t('adminConsole.orgs.search')}
          aria-label={t('adminConsole.orgs.search')}
          enterButton
          style={{ maxWidth: 320 }}
          onSearch={(q) => onFilterChange({ ...filter, q: q.trim() || undefined, page: 1 })}
        />
        <Select
          aria-label={t('adminConsole.orgs.certification')}
          value={filter.certification ?? ''}
          style={{ width: 160 }}
          onChange={(value) =>
            onFilterChange({ ...filter, certification: value || undefined, page: 1 })
          }
          options={[
            { value: '', label: t('adminConsole.orgs.allCertifications') },
            ...certifications.map((c) => ({
              value: c,
              label: t(`adminConsole.orgs.certifications.${c}`),
            })),
          ]}
        />
      </Space>
      {orgs.isError ? <ProblemAlert error={orgs.error} /> : null}
      {certify.isError ? <ProblemAlert error={certify.error} /> : null}
      <Table<OrgSummary>
        rowKey="id"
        columns={columns}
        dataSource={orgs.data?.items}
        loading={orgs.isFetching}
        size="middle"
        scroll={{ x: scrollX }}
        locale={{ emptyText: t('adminConsole.orgs.empty') }}
        pagination={{
          current: filter.page,
          pageSize: filter.page_size,
          total: orgs.data?.total ?? 0,
          showTotal: (total) => t('adminConsole.total', { total }),
          onChange: (page, pageSize) =>
            onFilterChange({
              ...filter,
              page: pageSize === filter.page_size ? page : 1,
              page_size: pageSize,
            }),
        }}
      />
      <Drawer
        title={viewing?.name}
        open={viewing !== null}
        onClose={() => setViewing(null)}
        size={screens.md ? 640 : '100%'}
        destroyOnHidden
      >
        {viewing && <OrgDetailView orgId={viewing.id} />}
      </Drawer>
    </Card>
  );
}
