import { ClockCircleOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';

import { paths } from '@/config/paths';
import { useSessionStatus } from '@/hooks/use-session';

import { useMyCourseStatus } from '../api/get-my-course-status';

/** "已学习 N 分钟" for the signed-in viewer (kept by the player); a sign-in link otherwise. */
export function StudyTime({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const session = useSessionStatus();
  const { pathname, search } = useLocation();
  const status = useMyCourseStatus(courseId);

  if (session === 'signed-out') {
    return (
      <Typography.Paragraph type="secondary" className="study-time">
        <ClockCircleOutlined aria-hidden="true" /> {t('classroom.course.studyHint')}{' '}
        <Link to={paths.login.href(pathname + search)}>{t('classroom.course.loginToStudy')}</Link>
      </Typography.Paragraph>
    );
  }
  if (!status.data) return null;
  return (
    <Typography.Paragraph className="study-time" aria-live="polite">
      <ClockCircleOutlined aria-hidden="true" />{' '}
      {t('classroom.course.studied', { minutes: Math.floor(status.data.studied_ms / 60_000) })}
    </Typography.Paragraph>
  );
}
