// The learning-records charts (recharts, loaded on demand: the records tab is its only user).

import { Card, Col, Grid, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import type { ClassRecords } from '../api/get-class-records';
import { msToHours } from '../format';

const height = 260;

/** Students by effective live hours, in one-hour bins (the last bin takes the rest). */
export function hoursHistogram(liveMs: number[], bins = 8): { range: string; students: number }[] {
  if (liveMs.length === 0) return [];
  const top = Math.min(bins, Math.max(1, Math.ceil(Math.max(...liveMs.map(msToHours)))));
  const counts = Array.from({ length: top }, () => 0);
  for (const ms of liveMs) {
    const bin = Math.min(top - 1, Math.floor(msToHours(ms)));
    counts[bin]! += 1;
  }
  return counts.map((students, i) => ({
    range: i === top - 1 && top === bins ? `≥${i}` : `${i}–${i + 1}`,
    students,
  }));
}

const round = (n: number) => Math.round(n * 100) / 100;

/** A session's title under its bars, cut to `max` characters (the tooltip has it whole). */
export function shortTitle(title: string, max: number): string {
  const characters = [...title];
  return characters.length > max ? `${characters.slice(0, max - 1).join('')}…` : title;
}

/** Hours and viewers per session, and how the students' effective hours spread. */
export default function RecordsCharts({ records }: { records: ClassRecords }) {
  const { t } = useTranslation();
  // On a phone the titles lean and are cut shorter, and recharts leaves out those that would
  // still collide (each bar's tooltip names its session): never one run-together line.
  const narrow = !Grid.useBreakpoint().md;
  const perSession = records.sessions.map((s) => ({
    title: s.title,
    duration: round(msToHours(s.duration_ms)),
    viewers: s.viewer_count,
  }));
  const histogram = hoursHistogram(records.students.map((s) => s.live_ms));

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('classes.records.chartSessions')}>
          <figure role="img" aria-label={t('classes.records.chartSessions')} style={{ margin: 0 }}>
            <ResponsiveContainer
              width="100%"
              height={height}
              initialDimension={{ width: 480, height }}
            >
              <BarChart data={perSession} margin={{ left: -16, right: 8 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis
                  dataKey="title"
                  tick={{ fontSize: 11 }}
                  interval="preserveStartEnd"
                  minTickGap={8}
                  tickFormatter={(title: string) => shortTitle(title, narrow ? 8 : 10)}
                  angle={narrow ? -40 : 0}
                  textAnchor={narrow ? 'end' : 'middle'}
                  height={narrow ? 64 : 30}
                />
                <YAxis yAxisId="hours" allowDecimals />
                <YAxis yAxisId="viewers" orientation="right" allowDecimals={false} />
                <Tooltip />
                <Legend />
                <Bar
                  yAxisId="hours"
                  dataKey="duration"
                  name={t('classes.records.chartDuration')}
                  fill="#1677ff"
                />
                <Bar
                  yAxisId="viewers"
                  dataKey="viewers"
                  name={t('classes.sessions.viewers')}
                  fill="#52c41a"
                />
              </BarChart>
            </ResponsiveContainer>
          </figure>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('classes.records.chartHistogram')}>
          <figure role="img" aria-label={t('classes.records.chartHistogram')} style={{ margin: 0 }}>
            <ResponsiveContainer
              width="100%"
              height={height}
              initialDimension={{ width: 480, height }}
            >
              <BarChart data={histogram} margin={{ left: -16, right: 8 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="range" unit="h" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Bar dataKey="students" name={t('classes.records.chartStudents')} fill="#fa8c16" />
              </BarChart>
            </ResponsiveContainer>
          </figure>
        </Card>
      </Col>
    </Row>
  );
}
