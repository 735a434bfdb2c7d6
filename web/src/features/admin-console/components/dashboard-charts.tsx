// The dashboard's 30-day trends (recharts, loaded on demand: the dashboard is its only user).

import { Card, Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import type { DashboardDay } from '../api/get-dashboard';
import { msToHours } from '../format';

const height = 280;

const growthSeries = [
  { key: 'new_orgs', label: 'newOrgs', color: '#1677ff' },
  { key: 'new_providers', label: 'newProviders', color: '#13c2c2' },
  { key: 'newly_listed_courses', label: 'newlyListedCourses', color: '#52c41a' },
  { key: 'new_classes', label: 'newClasses', color: '#faad14' },
  { key: 'new_students', label: 'newStudents', color: '#eb2f96' },
  { key: 'new_members', label: 'newMembers', color: '#722ed1' },
] as const;

function ChartCard({ title, children }: { title: string; children: React.ReactElement }) {
  return (
    <Card size="small" title={title}>
      <figure role="img" aria-label={title} style={{ margin: 0 }}>
        <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 480, height }}>
          {children}
        </ResponsiveContainer>
      </figure>
    </Card>
  );
}

/** New things per day (lines), study hours and dues per day (bars), oldest day first. */
export default function DashboardCharts({ days }: { days: DashboardDay[] }) {
  const { t } = useTranslation();
  const data = days.map((day) => ({
    ...day,
    // `MM-DD` is enough on the axis: the window is 30 days.
    label: day.date.slice(5),
    study_hours: msToHours(day.study_ms),
    dues_yuan: day.dues_collected_fen / 100,
  }));

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24}>
        <ChartCard title={t('adminConsole.dashboard.chartGrowth')}>
          <LineChart data={data} margin={{ left: -16, right: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            {growthSeries.map((series) => (
              <Line
                key={series.key}
                type="monotone"
                dataKey={series.key}
                name={t(`adminConsole.dashboard.series.${series.label}`)}
                stroke={series.color}
                dot={false}
              />
            ))}
          </LineChart>
        </ChartCard>
      </Col>
      <Col xs={24} lg={12}>
        <ChartCard title={t('adminConsole.dashboard.chartStudy')}>
          <BarChart data={data} margin={{ left: -16, right: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} />
            <YAxis allowDecimals />
            <Tooltip />
            <Bar
              dataKey="study_hours"
              name={t('adminConsole.dashboard.series.studyHours')}
              fill="#1677ff"
            />
          </BarChart>
        </ChartCard>
      </Col>
      <Col xs={24} lg={12}>
        <ChartCard title={t('adminConsole.dashboard.chartDues')}>
          <BarChart data={data} margin={{ left: -8, right: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} />
            <YAxis allowDecimals />
            <Tooltip />
            <Bar
              dataKey="dues_yuan"
              name={t('adminConsole.dashboard.series.dues')}
              fill="#52c41a"
            />
          </BarChart>
        </ChartCard>
      </Col>
    </Row>
  );
}
