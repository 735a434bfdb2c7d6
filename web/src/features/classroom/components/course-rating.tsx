import { Rate, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Stars and the number of ratings; read out as text ("评分 4.5 / 5，2 人评价"). */
export function CourseRating({ average, count }: { average?: number | null; count: number }) {
  const { t } = useTranslation();
  if (average === null || average === undefined || count === 0) {
    return (
      <Typography.Text type="secondary" className="course-rating">
        {t('classroom.noRating')}
      </Typography.Text>
    );
  }
  return (
    <span className="course-rating">
      <span aria-hidden="true">
        <Rate disabled allowHalf value={Math.round(average * 2) / 2} className="course-stars" />
      </span>
      <Typography.Text type="secondary" aria-hidden="true">
        {average.toFixed(1)} · {t('classroom.ratingCount', { count })}
      </Typography.Text>
      <span className="sr-only">
        {t('classroom.ratingLabel', { rating: average.toFixed(1), count })}
      </span>
    </span>
  );
}
