import { Card, Col, Row, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { CourseCard as Course } from '../api/get-courses';

import { CourseCard } from './course-card';

const columns = { xs: 24, sm: 12, md: 8, lg: 6 } as const;

/** Course cards in a grid: four across on a desktop, one on a phone. */
export function CourseGrid({
  courses,
  label,
  dimmed = false,
}: {
  courses: readonly Course[];
  label: string;
  /** The next page or filter is loading: these cards are about to change. */
  dimmed?: boolean;
}) {
  return (
    <Row
      gutter={[16, 16]}
      role="list"
      aria-label={label}
      aria-busy={dimmed}
      className={dimmed ? 'course-grid dimmed' : 'course-grid'}
    >
      {courses.map((course) => (
        <Col key={course.id} {...columns} role="listitem">
          <CourseCard course={course} />
        </Col>
      ))}
    </Row>
  );
}

/** Placeholders in the shape of the cards while the first page loads. */
export function CourseGridSkeleton({ count = 8 }: { count?: number }) {
  const { t } = useTranslation();
  const cards: ReactNode[] = Array.from({ length: count }, (_, index) => (
    <Col key={index} {...columns}>
      <Card className="course-card" cover={<div className="course-cover skeleton" />}>
        <Skeleton active title paragraph={{ rows: 2 }} />
      </Card>
    </Col>
  ));
  return (
    <Row gutter={[16, 16]} role="status" aria-label={t('classroom.loading')}>
      {cards}
    </Row>
  );
}
