import { Alert, Button, Empty, Pagination, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { ApiProblem } from '@/lib/api-client';

import { useCourses } from '../api/get-courses';
import { courseQueryOf, hasFilters, pageSizes, type CatalogFilter } from '../catalog-query';

import { CourseGrid, CourseGridSkeleton } from './course-grid';

type Props = {
  filter: CatalogFilter;
  onPageChange: (page: number, pageSize: number) => void;
  onClear?: () => void;
  /** The list's accessible name. */
  label: string;
  /** What to say when nothing is listed (default: by whether filters are set). */
  emptyText?: string;
  sizeChanger?: boolean;
};

/** One page of catalog cards for `filter`, with the count and the pager. */
export function CourseCatalog({
  filter,
  onPageChange,
  onClear,
  label,
  emptyText,
  sizeChanger = true,
}: Props) {
  const { t } = useTranslation();
  const courses = useCourses(courseQueryOf(filter));

  if (courses.isPending) return <CourseGridSkeleton />;
  if (courses.isError) {
    const problem = courses.error instanceof ApiProblem ? courses.error : undefined;
    return (
      <Alert
        type="error"
        showIcon
        title={problem?.title ?? t('classroom.loadFailed')}
        description={problem?.detail ?? (problem ? undefined : t('errors.network'))}
        action={
          <Button size="small" onClick={() => void courses.refetch()}>
            {t('errors.retry')}
          </Button>
        }
      />
    );
  }
  const { items, total } = courses.data;
  if (total === 0) {
    const filtered = hasFilters(filter);
    return (
      <Empty description={emptyText ?? (filtered ? t('classroom.empty') : t('classroom.emptyAll'))}>
        {filtered && onClear && (
          <Button type="primary" onClick={onClear}>
            {t('classroom.showAll')}
          </Button>
        )}
      </Empty>
    );
  }
  return (
    <>
      <Typography.Paragraph type="secondary" className="catalog-total" aria-live="polite">
        {t('classroom.total', { total })}
      </Typography.Paragraph>
      <CourseGrid courses={items} label={label} dimmed={courses.isPlaceholderData} />
      {(total > filter.page_size || filter.page > 1) && (
        <Pagination
          className="catalog-pagination"
          current={filter.page}
          pageSize={filter.page_size}
          pageSizeOptions={pageSizes.map(String)}
          showSizeChanger={sizeChanger}
          total={total}
          onChange={onPageChange}
          showLessItems
          responsive
        />
      )}
    </>
  );
}
