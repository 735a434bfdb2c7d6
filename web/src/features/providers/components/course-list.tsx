import { PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Grid,
  Image,
  Input,
  List,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { mediaUrl } from '@/lib/media-url';
import { formatDateTime } from '@/utils/format-date';

import { useOwnCourses, type CourseSummary, type OwnCoursesFilter } from '../api/get-own-courses';
import { CourseActions } from './course-actions';
import { StatusTag } from './status-tag';

const statuses = ['draft', 'pending', 'approved', 'rejected'] as const;

type Props = {
  orgId: string;
  canEdit: boolean;
  filter: OwnCoursesFilter;
  onFilterChange: (filter: OwnCoursesFilter) => void;
};

/**
 * 云课堂课程管理 (SPEC §3.3): the provider's courses with a status filter, a title search,
 * each course's state (and why it was rejected) and its actions.
 */
export function CourseList({ orgId, canEdit, filter, onFilterChange }: Props) {
  const { t, i18n } = useTranslation();
  const courses = useOwnCourses(orgId, filter);
  const [actionError, setActionError] = useState<unknown>(null);
  const [query, setQuery] = useState(filter.q ?? '');

  // A phone gets cards, not a table wider than the screen (once measured as one).
  const phone = Grid.useBreakpoint().md === false;

  const courseCell = (course: CourseSummary) => (
    <Space size={12} align="start">
      {course.cover ? (
        <Image
          src={mediaUrl(course.cover.url)}
          alt=""
          width={96}
          height={60}
          style={{ objectFit: 'cover', borderRadius: 4 }}
          preview={false}
        />
      ) : (
        <div className="course-cover-placeholder" aria-hidden />
      )}
      <Space orientation="vertical" size={2}>
        <Link to={paths.providerCourse.href(orgId, course.id)}>{course.title}</Link>
        <Typography.Text type="secondary">
          {t(`classroom.delivery.${course.delivery}`, { defaultValue: course.delivery })}
        </Typography.Text>
      </Space>
    </Space>
  );
  const statusCell = (course: CourseSummary) => (
    <Space orientation="vertical" size={4}>
      <Space size={4} wrap>
        <StatusTag status={course.status} />
        {course.listed ? (
          <Tag color="green">{t('console.course.listed')}</Tag>
        ) : (
          <Tag>{t('console.course.notListed')}</Tag>
        )}
      </Space>
      {course.status === 'rejected' && course.reject_reason && (
        <Typography.Text type="danger" className="reject-reason">
          {t('console.course.rejectReason', { reason: course.reject_reason })}
        </Typography.Text>
      )}
    </Space>
  );
  const actionsCell = (course: CourseSummary) => (
    <CourseActions orgId={orgId} course={course} canEdit={canEdit} onError={setActionError} />
  );

  const columns: ColumnsType<CourseSummary> = [
    { key: 'course', title: t('console.course.title'), render: (_, course) => courseCell(course) },
    {
      key: 'status',
      title: t('console.course.status'),
      render: (_, course) => statusCell(course),
    },
    {
      key: 'updated',
      title: t('console.course.updatedAt'),
      render: (_, course) => formatDateTime(course.updated_at, i18n.language),
    },
    {
      key: 'actions',
      title: t('console.course.actions'),
      render: (_, course) => actionsCell(course),
    },
  ];
  const pagination = {
    current: filter.page,
    pageSize: filter.page_size,
    total: courses.data?.total ?? 0,
    showTotal: (total: number) => t('console.course.total', { total }),
    onChange: (page: number, pageSize: number) =>
      onFilterChange({
        ...filter,
        page: pageSize === filter.page_size ? page : 1,
        page_size: pageSize,
      }),
  };

  const filtered = !!filter.status || !!filter.q;
  const emptyText = t(filtered ? 'console.course.emptyFiltered' : 'console.course.empty');
  return (
    <Card
      title={t('console.course.list')}
      extra={
        canEdit && (
          <Link to={paths.providerCourseNew.href(orgId)}>
            <Button type="primary" icon={<PlusOutlined aria-hidden />}>
              {t('console.course.add')}
            </Button>
          </Link>
        )
      }
    >
      <div className="console-filters">
        <Select
          aria-label={t('console.course.status')}
          value={filter.status ?? ''}
          style={{ minWidth: 140 }}
          options={[
            { value: '', label: t('console.course.allStatuses') },
            ...statuses.map((status) => ({
              value: status,
              label: <StatusTag status={status} />,
            })),
          ]}
          onChange={(status: string) =>
            onFilterChange({ ...filter, status: status || undefined, page: 1 })
          }
        />
        <Input.Search
          aria-label={t('console.course.search')}
          placeholder={t('console.course.search')}
          allowClear
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onSearch={(q) => onFilterChange({ ...filter, q: q.trim() || undefined, page: 1 })}
          style={{ maxWidth: 320 }}
        />
      </div>
      <ProblemAlert error={actionError ?? (courses.isError ? courses.error : null)} />
      {phone ? (
        <List<CourseSummary>
          className="console-course-cards"
          dataSource={courses.data?.items}
          loading={courses.isFetching}
          locale={{ emptyText }}
          pagination={{ ...pagination, size: 'small', showSizeChanger: false }}
          renderItem={(course) => (
            <List.Item>
              <Space orientation="vertical" size={8} style={{ width: '100%' }}>
                {courseCell(course)}
                {statusCell(course)}
                <Typography.Text type="secondary">
                  {t('console.course.updatedAt')}：
                  {formatDateTime(course.updated_at, i18n.language)}
                </Typography.Text>
                {actionsCell(course)}
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Table<CourseSummary>
          rowKey="id"
          columns={columns}
          dataSource={courses.data?.items}
          loading={courses.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText }}
          pagination={pagination}
        />
      )}
    </Card>
  );
}
