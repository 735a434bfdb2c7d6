import { ExportOutlined } from '@ant-design/icons';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  Result,
  Row,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { useEnumLabel } from '@/hooks/use-enum-label';
import { ApiProblem } from '@/lib/api-client';
import { mediaUrl } from '@/lib/media-url';

import { useCourse } from '../api/get-course';

import { categoryName } from './course-card';
import { CourseComments } from './course-comments';
import { CoursePlayer } from './course-player';
import { CourseRating } from './course-rating';
import { LecturerList } from './lecturer-list';
import { LiveEnrollment } from './live-enrollment';
import { ProviderSummary } from './provider-summary';
import { StudyTime } from './study-time';

/** Not listed (never, or no longer): said plainly, with the way back to the catalog. */
export function CourseNotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('classroom.course.notFound')}
      subTitle={t('classroom.course.notFoundText')}
      extra={
        <Link to={paths.classroom.href()}>
          <Button type="primary">{t('classroom.course.back')}</Button>
        </Link>
      }
    />
  );
}

/** A course's public page: video, facts, the viewer's part, introduction, lecturers, comments. */
export function CourseDetail({ courseId }: { courseId: string }) {
  const { t, i18n } = useTranslation();
  const modeLabel = useEnumLabel('course_training_modes');
  const course = useCourse(courseId);

  if (course.isPending) {
    return (
      <div role="status" aria-label={t('classroom.loading')}>
        <Skeleton active paragraph={{ rows: 8 }} />
      </div>
    );
  }
  if (course.isError) {
    if (course.error instanceof ApiProblem && course.error.status === 404)
      return <CourseNotFound />;
    return (
      <>
        <ProblemAlert error={course.error} />
        <Button onClick={() => void course.refetch()}>{t('errors.retry')}</Button>
      </>
    );
  }
  const data = course.data;
  const category = categoryName(data, i18n.language);

  return (
    <article className="course-page">
      <Breadcrumb
        className="course-breadcrumb"
        items={[
          { title: <Link to={paths.classroom.href()}>{t('classroom.title')}</Link> },
          ...(data.category_code && category
            ? [{ title: <Link to={paths.classroom.href(data.category_code)}>{category}</Link> }]
            : []),
          { title: data.title },
        ]}
      />
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={15}>
          <CoursePlayer course={data} />
        </Col>
        <Col xs={24} lg={9}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Typography.Title level={1} className="course-title">
              {data.title}
            </Typography.Title>
            <Space size={[4, 4]} wrap>
              {category && <Tag color="blue">{category}</Tag>}
              {data.training_mode && <Tag>{modeLabel(data.training_mode)}</Tag>}
              <Tag color={data.delivery === 'video' ? 'default' : 'orange'}>
                {t(`classroom.delivery.${data.delivery}`, data.delivery)}
              </Tag>
            </Space>
            <CourseRating average={data.rating_average} count={data.rating_count} />
            {/* Study time is kept for watching the video: a live or external course has none. */}
            {data.delivery === 'video' && <StudyTime courseId={data.id} />}
            {data.live_starts_at && <LiveEnrollment course={data} />}
            {data.external_url && (
              <a href={data.external_url} target="_blank" rel="noopener noreferrer">
                <Button icon={<ExportOutlined aria-hidden />}>
                  {t('classroom.course.external')}
                </Button>
              </a>
            )}
            <ProviderSummary provider={data.provider} />
          </Space>
        </Col>
      </Row>
      <Card title={t('classroom.course.intro')} className="course-section">
        {data.intro ? (
          <Typography.Paragraph className="course-intro">{data.intro}</Typography.Paragraph>
        ) : null}
        {data.intro_image && (
          <img
            className="course-intro-image"
            src={mediaUrl(data.intro_image.url)}
            alt={t('classroom.course.introImage', { title: data.title })}
            loading="lazy"
          />
        )}
        {!data.intro && !data.intro_image && (
          <Alert type="info" title={t('classroom.course.noIntro')} />
        )}
      </Card>
      {data.lecturers.length > 0 && (
        <Card title={t('classroom.course.lecturers')} className="course-section">
          <LecturerList lecturers={data.lecturers} />
        </Card>
      )}
      <CourseComments courseId={data.id} />
    </article>
  );
}
