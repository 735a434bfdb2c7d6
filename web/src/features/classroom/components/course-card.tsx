import { PictureOutlined } from '@ant-design/icons';
import { Card, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { paths } from '@/config/paths';
import { useEnumLabel } from '@/hooks/use-enum-label';
import { mediaUrl } from '@/lib/media-url';

import type { CourseCard as Course } from '../api/get-courses';

import { CourseRating } from './course-rating';

/** The course's topic in the UI language, if it has one. */
export function categoryName(
  course: Pick<Course, 'category_code' | 'category_name_zh' | 'category_name_en'>,
  language: string,
): string | null {
  const english = language === 'en' ? course.category_name_en : null;
  return english || course.category_name_zh || course.category_code || null;
}

/** A catalog card: cover (386×240), title, provider, topic, mode and rating. */
export function CourseCard({ course }: { course: Course }) {
  const { t, i18n } = useTranslation();
  const modeLabel = useEnumLabel('course_training_modes');
  const category = categoryName(course, i18n.language);

  return (
    <Link
      to={paths.classroomCourse.href(course.id)}
      className="course-card-link"
      aria-label={course.title}
    >
      <Card
        hoverable
        className="course-card"
        cover={
          <div className="course-cover">
            {course.cover ? (
              <img src={mediaUrl(course.cover.url)} alt="" loading="lazy" />
            ) : (
              <PictureOutlined className="course-cover-empty" aria-hidden="true" />
            )}
          </div>
        }
      >
        <Typography.Title level={3} className="course-card-title" ellipsis={{ rows: 2 }}>
          {course.title}
        </Typography.Title>
        <div className="course-card-provider">
          <Typography.Text type="secondary" ellipsis>
            {course.provider_name}
          </Typography.Text>
        </div>
        <Space size={[4, 4]} wrap className="course-card-tags">
          {category && (
            <Tag color="blue" title={category}>
              {category}
            </Tag>
          )}
          {course.training_mode && <Tag>{modeLabel(course.training_mode)}</Tag>}
          {course.delivery !== 'video' && (
            <Tag color="orange">{t(`classroom.delivery.${course.delivery}`, course.delivery)}</Tag>
          )}
        </Space>
        <CourseRating average={course.rating_average} count={course.rating_count} />
      </Card>
    </Link>
  );
}
