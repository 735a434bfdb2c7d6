import { Card, Col, Row, Skeleton, Statistic } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

import { FirstLoad } from '@/components/problem-alert';
import { formatFen } from '@/utils/format-money';

import { useDashboard } from '../api/get-dashboard';
import { msToHours } from '../format';

// recharts is large and only this page draws with it: loaded on demand.
const DashboardCharts = lazy(() => import('./dashboard-charts'));

/** 数据看板: the platform's totals as cards, then its last 30 days as charts. */
export function Dashboard() {
  const { t, i18n } = useTranslation();
  const dashboard = useDashboard();
  if (dashboard.data === undefined)
    return <FirstLoad query={dashboard} loading={<Skeleton active paragraph={{ rows: 8 }} />} />;
  const { counts, days } = dashboard.data;
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  const cards: { key: string; title: string; value: string }[] = [
    {
      key: 'orgs',
      title: t('adminConsole.dashboard.counts.orgs'),
      value: number.format(counts.orgs),
    },
    {
      key: 'providers',
      title: t('adminConsole.dashboard.counts.providers'),
      value: number.format(counts.providers),
    },
    {
      key: 'listed-courses',
      title: t('adminConsole.dashboard.counts.listedCourses'),
      value: number.format(counts.listed_courses),
    },
    {
      key: 'classes',
      title: t('adminConsole.dashboard.counts.classes'),
      value: number.format(counts.classes),
    },
    {
      key: 'students',
      title: t('adminConsole.dashboard.counts.students'),
      value: number.format(counts.students),
    },
    {
      key: 'study-hours',
      title: t('adminConsole.dashboard.counts.studyHours'),
      value: number.format(msToHours(counts.study_ms)),
    },
    {
      key: 'members',
      title: t('adminConsole.dashboard.counts.members'),
      value: number.format(counts.members),
    },
    {
      key: 'dues',
      title: t('adminConsole.dashboard.counts.dues'),
      value: formatFen(counts.dues_collected_fen, i18n.language),
    },
  ];

  return (
    <>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {cards.map((card) => (
          <Col key={card.key} xs={12} md={8} xl={6}>
            <Card size="small" className="admin-stat-card">
              <Statistic title={card.title} value={card.value} formatter={() => card.value} />
            </Card>
          </Col>
        ))}
      </Row>
      <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
        <DashboardCharts days={days} />
      </Suspense>
    </>
  );
}
