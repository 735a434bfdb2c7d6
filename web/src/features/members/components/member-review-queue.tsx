import { Card, Input, Segmented, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { useTableScrollX } from '@/hooks/use-table-scroll-x';
import { formatDateTime } from '@/utils/format-date';

import { useAdminMemberships, type MembershipFilter } from '../api/get-admin-memberships';
import type { Membership } from '../api/get-membership';
import { StatusTag } from './status-tag';

const statuses = ['pending', 'approved', 'rejected'] as const;

type Props = { filter: MembershipFilter; onFilterChange: (filter: MembershipFilter) => void };

/** 会员审核: registrations by state (oldest first), searchable by unit name. */
export function MemberReviewQueue({ filter, onFilterChange }: Props) {
  const { t, i18n } = useTranslation();
  const queue = useAdminMemberships(filter);

  const columns: ColumnsType<Membership> = [
    {
      key: 'unit',
      title: t('membership.fields.unitName'),
      width: 170,
      ellipsis: true,
      onCell: (item) => ({ title: item.unit_name }),
      render: (_, item) => <Link to={paths.adminMemberReview.href(item.id)}>{item.unit_name}</Link>,
    },
    {
      key: 'uscc',
      title: t('membership.fields.uscc'),
      responsive: ['md'],
      width: 170,
      ellipsis: true,
      render: (_, item) => <span className="uscc">{item.uscc}</span>,
    },
    {
      key: 'contact',
      title: t('membership.fields.contactName'),
      responsive: ['lg'],
      width: 150,
      ellipsis: true,
      render: (_, item) => `${item.contact_name} ${item.contact_mobile}`,
    },
    {
      key: 'type',
      title: t('membership.fields.userType'),
      responsive: ['lg'],
      width: 100,
      ellipsis: true,
      render: (_, item) => item.user_type.name,
    },
    {
      key: 'status',
      title: t('membership.dues.status'),
      width: 80,
      render: (_, item) => <StatusTag kind="membership" status={item.status} />,
    },
    {
      key: 'registered',
      title: t('membership.home.registeredAt'),
      responsive: ['md'],
      width: 140,
      render: (_, item) => formatDateTime(item.registered_at, i18n.language),
    },
    {
      key: 'view',
      title: '',
      fixed: 'right',
      width: 70,
      render: (_, item) => (
        <Link
          to={paths.adminMemberReview.href(item.id)}
          aria-label={t('membership.admin.viewOf', { name: item.unit_name })}
        >
          {t('membership.admin.view')}
        </Link>
      ),
    },
  ];

  const scrollX = useTableScrollX(columns);

  return (
    <Card
      title={t('membership.admin.reviewsTitle')}
      extra={
        <Segmented
          aria-label={t('membership.dues.status')}
          value={filter.status}
          options={statuses.map((status) => ({
            value: status,
            label: t(`membership.statuses.membership.${status}`),
          }))}
          onChange={(status) => onFilterChange({ ...filter, status, page: 1 })}
        />
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Input.Search
          aria-label={t('membership.admin.search')}
          placeholder={t('membership.admin.search')}
          defaultValue={filter.q}
          allowClear
          maxLength={50}
          onSearch={(q) => onFilterChange({ ...filter, q: q.trim() || undefined, page: 1 })}
          style={{ maxWidth: 360 }}
        />
        <ProblemAlert error={queue.isError ? queue.error : null} />
        <Table<Membership>
          rowKey="id"
          columns={columns}
          dataSource={queue.data?.items}
          loading={queue.isFetching}
          scroll={{ x: scrollX }}
          locale={{
            emptyText: t(
              filter.status === 'pending'
                ? 'membership.admin.emptyPending'
                : 'membership.admin.empty',
            ),
          }}
          pagination={{
            current: filter.page,
            pageSize: filter.page_size,
            total: queue.data?.total ?? 0,
            showTotal: (total) => t('membership.admin.total', { total }),
            onChange: (page, pageSize) =>
              onFilterChange({
                ...filter,
                page: pageSize === filter.page_size ? page : 1,
                page_size: pageSize,
              }),
          }}
        />
      </Space>
    </Card>
  );
}
