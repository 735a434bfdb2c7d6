import { Card, Segmented, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { useTableScrollX } from '@/hooks/use-table-scroll-x';
import { formatDateTime } from '@/utils/format-date';

import { useCourseReviews, type CourseSubmission } from '../api/get-course-reviews';
import {
  useProviderReviews,
  type ProviderSubmission,
  type QueueFilter,
} from '../api/get-provider-reviews';

const statuses = ['pending', 'approved', 'rejected'] as const;

type QueueProps = { filter: QueueFilter; onFilterChange: (filter: QueueFilter) => void };

function StatusSwitch({ filter, onFilterChange }: QueueProps) {
  const { t } = useTranslation();
  return (
    <Segmented
      aria-label={t('admin.status')}
      value={filter.status}
      options={statuses.map((status) => ({ value: status, label: t(`admin.statuses.${status}`) }))}
      onChange={(status) => onFilterChange({ ...filter, status, page: 1 })}
    />
  );
}

function pagination(
  filter: QueueFilter,
  total: number,
  onFilterChange: QueueProps['onFilterChange'],
  label: (total: number) => string,
) {
  return {
    current: filter.page,
    pageSize: filter.page_size,
    total,
    showTotal: label,
    onChange: (page: number, pageSize: number) =>
      onFilterChange({
        ...filter,
        page: pageSize === filter.page_size ? page : 1,
        page_size: pageSize,
      }),
  };
}

/** 服务商审核: submissions by status, oldest first; each opens beside the listed profile. */
export function ProviderQueue({ filter, onFilterChange }: QueueProps) {
  const { t, i18n } = useTranslation();
  const queue = useProviderReviews(filter);
  const columns: ColumnsType<ProviderSubmission> = [
    {
      key: 'name',
      title: t('admin.provider'),
      width: 240,
      ellipsis: true,
      onCell: (item) => ({ title: item.name }),
      render: (_, item) => (
        <Link to={paths.adminProviderReview.href(item.revision_id)}>{item.name}</Link>
      ),
    },
    {
      key: 'org',
      title: t('admin.org'),
      dataIndex: 'org_name',
      responsive: ['md'],
      width: 240,
      ellipsis: true,
    },
    {
      key: 'kind',
      title: t('admin.kind'),
      width: 110,
      render: (_, item) => (
        <Tag>{t(item.number > 1 ? 'admin.update' : 'admin.newApplication')}</Tag>
      ),
    },
    {
      key: 'submitted',
      title: t('admin.submittedAt'),
      width: 170,
      render: (_, item) => formatDateTime(item.submitted_at, i18n.language),
    },
    {
      key: 'view',
      title: '',
      fixed: 'right',
      width: 80,
      render: (_, item) => (
        <Link
          to={paths.adminProviderReview.href(item.revision_id)}
          aria-label={`${t('admin.view')} ${item.name}`}
        >
          {t('admin.view')}
        </Link>
      ),
    },
  ];
  const scrollX = useTableScrollX(columns);
  return (
    <Card
      title={t('admin.queues.providers')}
      extra={<StatusSwitch filter={filter} onFilterChange={onFilterChange} />}
    >
      <ProblemAlert error={queue.isError ? queue.error : null} />
      <Table<ProviderSubmission>
        rowKey="revision_id"
        columns={columns}
        dataSource={queue.data?.items}
        loading={queue.isFetching}
        scroll={{ x: scrollX }}
        locale={{
          emptyText: t(filter.status === 'pending' ? 'admin.empty' : 'admin.emptyDecided'),
        }}
        pagination={pagination(filter, queue.data?.total ?? 0, onFilterChange, (total) =>
          t('admin.total', { total }),
        )}
      />
    </Card>
  );
}

/** 课程审核: course revisions by status, oldest submission first. */
export function CourseQueue({ filter, onFilterChange }: QueueProps) {
  const { t, i18n } = useTranslation();
  const queue = useCourseReviews(filter);
  const columns: ColumnsType<CourseSubmission> = [
    {
      key: 'title',
      title: t('admin.course'),
      width: 260,
      ellipsis: true,
      onCell: (item) => ({ title: item.revision.title }),
      render: (_, item) => (
        <Link to={paths.adminCourseReview.href(item.revision.id)}>{item.revision.title}</Link>
      ),
    },
    {
      key: 'provider',
      title: t('admin.provider'),
      dataIndex: 'provider_name',
      responsive: ['md'],
      width: 220,
      ellipsis: true,
    },
    {
      key: 'kind',
      title: t('admin.kind'),
      width: 110,
      render: (_, item) => (
        <Tag color={item.is_update ? 'gold' : undefined}>
          {t(item.is_update ? 'admin.courseUpdate' : 'admin.newCourse')}
        </Tag>
      ),
    },
    {
      key: 'submitted',
      title: t('admin.submittedAt'),
      width: 170,
      render: (_, item) =>
        item.revision.submitted_at
          ? formatDateTime(item.revision.submitted_at, i18n.language)
          : '—',
    },
    {
      key: 'view',
      title: '',
      fixed: 'right',
      width: 80,
      render: (_, item) => (
        <Link
          to={paths.adminCourseReview.href(item.revision.id)}
          aria-label={`${t('admin.view')} ${item.revision.title}`}
        >
          {t('admin.view')}
        </Link>
      ),
    },
  ];
  const scrollX = useTableScrollX(columns);
  return (
    <Card
      title={t('admin.queues.courses')}
      extra={<StatusSwitch filter={filter} onFilterChange={onFilterChange} />}
    >
      <ProblemAlert error={queue.isError ? queue.error : null} />
      <Table<CourseSubmission>
        rowKey={(item) => item.revision.id}
        columns={columns}
        dataSource={queue.data?.items}
        loading={queue.isFetching}
        scroll={{ x: scrollX }}
        locale={{
          emptyText: t(filter.status === 'pending' ? 'admin.empty' : 'admin.emptyDecided'),
        }}
        pagination={pagination(filter, queue.data?.total ?? 0, onFilterChange, (total) =>
          t('admin.total', { total }),
        )}
      />
    </Card>
  );
}
