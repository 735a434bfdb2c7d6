import { SettingOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';

import { paths } from '@/config/paths';
import type { MembershipFilter } from '@/features/members/api/get-admin-memberships';
import { MemberReviewDetail } from '@/features/members/components/member-review-detail';
import { MemberReviewQueue } from '@/features/members/components/member-review-queue';
import { MembershipSettings } from '@/features/members/components/membership-settings';
import { OfflinePaymentQueue } from '@/features/members/components/offline-payment-queue';
import { useIsAuditor, useMe } from '@/hooks/use-me';

function AdminTitle({ children }: { children: string }) {
  return (
    <Typography.Title level={1} className="page-title">
      {children}
    </Typography.Title>
  );
}

/** A queue's status, search and page, kept in the address. */
function useFilter(defaultStatus: string) {
  const [params, setParams] = useSearchParams();
  const filter: MembershipFilter = {
    status: params.get('status') || defaultStatus,
    q: params.get('q') || undefined,
    page: Math.max(1, Number(params.get('page')) || 1),
    page_size: Number(params.get('page_size')) || 20,
  };
  const change = (next: MembershipFilter) => {
    const search = new URLSearchParams();
    if (next.status !== defaultStatus) search.set('status', next.status);
    if (next.q) search.set('q', next.q);
    if (next.page > 1) search.set('page', String(next.page));
    if (next.page_size !== 20) search.set('page_size', String(next.page_size));
    setParams(search);
  };
  return [filter, change] as const;
}

/** /admin/reviews/members (operators): 会员审核. */
export function AdminMemberReviewsRoute() {
  const { t } = useTranslation();
  const [filter, setFilter] = useFilter('pending');
  return (
    <>
      <div className="page-heading">
        <AdminTitle>{t('membership.admin.reviewsTitle')}</AdminTitle>
        <Space wrap>
          <Link to={paths.adminOfflinePayments.href()}>
            <Button>{t('membership.admin.paymentsTitle')}</Button>
          </Link>
          <Link to={paths.adminMembershipSettings.href()}>
            <Button icon={<SettingOutlined aria-hidden />}>{t('membership.settings.title')}</Button>
          </Link>
        </Space>
      </div>
      <MemberReviewQueue filter={filter} onFilterChange={setFilter} />
    </>
  );
}

/** /admin/reviews/members/:membershipId: one registration. */
export function AdminMemberReviewRoute() {
  const { t } = useTranslation();
  const { membershipId = '' } = useParams();
  const navigate = useNavigate();
  const auditor = useIsAuditor();
  return (
    <>
      <AdminTitle>{t('membership.admin.reviewsTitle')}</AdminTitle>
      <MemberReviewDetail
        membershipId={membershipId}
        onDecided={() => void navigate(paths.adminMemberReviews.href())}
        readOnly={auditor}
      />
    </>
  );
}

/**
 * /admin/reviews/offline-payments (operators): 线下缴费确认; `?status=flagged` opens the
 * online payments held for review (the inbox links there).
 */
export function AdminOfflinePaymentsRoute() {
  const { t } = useTranslation();
  const [filter, setFilter] = useFilter('submitted');
  const auditor = useIsAuditor();
  return (
    <>
      <AdminTitle>{t('membership.admin.paymentsTitle')}</AdminTitle>
      <OfflinePaymentQueue filter={filter} onFilterChange={setFilter} readOnly={auditor} />
    </>
  );
}

/** /admin/membership-settings (operators; super admins change it): 会员设置. */
export function AdminMembershipSettingsRoute() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <>
      <AdminTitle>{t('membership.settings.title')}</AdminTitle>
      <MembershipSettings canEdit={me.data?.admin_role === 'super'} />
    </>
  );
}
