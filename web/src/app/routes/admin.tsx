import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';

import { paths } from '@/config/paths';
import type { QueueFilter } from '@/features/reviews/api/get-provider-reviews';
import { CourseReviewDetail } from '@/features/reviews/components/course-review-detail';
import { ProviderReviewDetail } from '@/features/reviews/components/provider-review-detail';
import { ReviewInbox } from '@/features/reviews/components/review-inbox';
import { CourseQueue, ProviderQueue } from '@/features/reviews/components/review-queues';
import { useIsAuditor } from '@/hooks/use-me';

function AdminTitle({ children }: { children: string }) {
  return (
    <Typography.Title level={1} className="page-title">
      {children}
    </Typography.Title>
  );
}

/** A queue's status and page, kept in the address. */
function useQueueFilter(): [QueueFilter, (next: QueueFilter) => void] {
  const [params, setParams] = useSearchParams();
  const filter: QueueFilter = {
    status: params.get('status') || 'pending',
    page: Math.max(1, Number(params.get('page')) || 1),
    page_size: Number(params.get('page_size')) || 20,
  };
  const change = (next: QueueFilter) => {
    const search = new URLSearchParams();
    if (next.status !== 'pending') search.set('status', next.status);
    if (next.page > 1) search.set('page', String(next.page));
    if (next.page_size !== 20) search.set('page_size', String(next.page_size));
    setParams(search);
  };
  return [filter, change];
}

/** /admin (operators): 审核中心 with every queue's count. */
export function AdminInboxRoute() {
  const { t } = useTranslation();
  return (
    <>
      <AdminTitle>{t('admin.inbox')}</AdminTitle>
      <ReviewInbox />
    </>
  );
}

export function AdminProviderReviewsRoute() {
  const { t } = useTranslation();
  const [filter, setFilter] = useQueueFilter();
  return (
    <>
      <AdminTitle>{t('admin.queues.providers')}</AdminTitle>
      <ProviderQueue filter={filter} onFilterChange={setFilter} />
    </>
  );
}

export function AdminProviderReviewRoute() {
  const { t } = useTranslation();
  const { revisionId = '' } = useParams();
  const navigate = useNavigate();
  const auditor = useIsAuditor();
  return (
    <>
      <AdminTitle>{t('admin.queues.providers')}</AdminTitle>
      <ProviderReviewDetail
        revisionId={revisionId}
        onDecided={() => void navigate(paths.adminProviderReviews.href())}
        readOnly={auditor}
      />
    </>
  );
}

export function AdminCourseReviewsRoute() {
  const { t } = useTranslation();
  const [filter, setFilter] = useQueueFilter();
  return (
    <>
      <AdminTitle>{t('admin.queues.courses')}</AdminTitle>
      <CourseQueue filter={filter} onFilterChange={setFilter} />
    </>
  );
}

export function AdminCourseReviewRoute() {
  const { t } = useTranslation();
  const { revisionId = '' } = useParams();
  const navigate = useNavigate();
  const auditor = useIsAuditor();
  return (
    <>
      <AdminTitle>{t('admin.queues.courses')}</AdminTitle>
      <CourseReviewDetail
        revisionId={revisionId}
        onDecided={() => void navigate(paths.adminCourseReviews.href())}
        readOnly={auditor}
      />
    </>
  );
}
