import {
  AccountBookOutlined,
  AlertOutlined,
  AuditOutlined,
  BookOutlined,
  ShopOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Badge, Button, Card, Col, Row, Skeleton, Statistic } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { FirstLoad } from '@/components/problem-alert';
import { paths } from '@/config/paths';

import { useReviewCounts } from '../api/get-review-counts';

function QueueCard({
  title,
  count,
  href,
  icon,
}: {
  title: string;
  count: number;
  href: string;
  icon: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card className="review-inbox-card">
      <Statistic
        title={title}
        value={count}
        prefix={icon}
        suffix={<Badge status={count > 0 ? 'processing' : 'default'} />}
      />
      <Link to={href} aria-label={`${title}：${t('admin.waiting', { count })}`}>
        <Button type={count > 0 ? 'primary' : 'default'} style={{ marginTop: 12 }}>
          {t('admin.open')}
        </Button>
      </Link>
    </Card>
  );
}

/**
 * 审核中心: how many providers, courses, subsidy applications, member registrations, offline
 * payments and online payments held for review (`flagged`) wait, each a way to its queue.
 */
export function ReviewInbox() {
  const { t } = useTranslation();
  const counts = useReviewCounts();
  if (counts.data === undefined) return <FirstLoad query={counts} loading={<Skeleton active />} />;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={8}>
        <QueueCard
          title={t('admin.queues.providers')}
          count={counts.data.providers}
          href={paths.adminProviderReviews.href()}
          icon={<ShopOutlined aria-hidden />}
        />
      </Col>
      <Col xs={24} md={8}>
        <QueueCard
          title={t('admin.queues.courses')}
          count={counts.data.courses}
          href={paths.adminCourseReviews.href()}
          icon={<BookOutlined aria-hidden />}
        />
      </Col>
      <Col xs={24} md={8}>
        <QueueCard
          title={t('admin.queues.subsidies')}
          count={counts.data.subsidies}
          href={paths.adminSubsidyReviews.href()}
          icon={<AuditOutlined aria-hidden />}
        />
      </Col>
      <Col xs={24} md={8}>
        <QueueCard
          title={t('membership.admin.reviewsTitle')}
          count={counts.data.members}
          href={paths.adminMemberReviews.href()}
          icon={<TeamOutlined aria-hidden />}
        />
      </Col>
      <Col xs={24} md={8}>
        <QueueCard
          title={t('membership.admin.paymentsTitle')}
          count={counts.data.offline_payments}
          href={paths.adminOfflinePayments.href()}
          icon={<AccountBookOutlined aria-hidden />}
        />
      </Col>
      <Col xs={24} md={8}>
        <QueueCard
          title={t('admin.queues.heldPayments')}
          count={counts.data.held_payments}
          href={paths.adminOfflinePayments.href('flagged')}
          icon={<AlertOutlined aria-hidden />}
        />
      </Col>
    </Row>
  );
}
