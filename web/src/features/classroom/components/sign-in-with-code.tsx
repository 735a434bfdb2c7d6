import { Button, Result, Spin } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { ApiProblem } from '@/lib/api-client';
import { formatDateTime } from '@/utils/format-date';

import { useCourse } from '../api/get-course';
import { useSignInToCourse } from '../api/sign-in-to-course';

import { CourseNotFound } from './course-detail';

/**
 * The page the on-site QR code opens (signed in): signs in to the live course with the
 * code at once, and says how it went.
 */
export function SignInWithCode({ courseId, code }: { courseId: string; code: string | null }) {
  const { t, i18n } = useTranslation();
  const course = useCourse(courseId);
  const { mutate, data, error, isError, isSuccess } = useSignInToCourse(courseId);
  // Once per code, even when React runs the effect twice (development).
  const sent = useRef<string | null>(null);
  useEffect(() => {
    if (!code || sent.current === code) return;
    sent.current = code;
    mutate(code);
  }, [code, mutate]);

  const title = course.data?.title;
  const toCourse = (
    <Link key="course" to={paths.classroomCourse.href(courseId)}>
      <Button type="primary">{t('classroom.signInPage.toCourse')}</Button>
    </Link>
  );

  if (!code) {
    return (
      <Result
        status="warning"
        title={t('classroom.signInPage.noCode')}
        subTitle={title}
        extra={toCourse}
      />
    );
  }
  if (isSuccess) {
    return (
      <Result
        status="success"
        title={t('classroom.signInPage.done')}
        subTitle={[
          title,
          data.signed_in_at &&
            t('classroom.signInPage.doneAt', {
              time: formatDateTime(data.signed_in_at, i18n.language),
            }),
        ]
          .filter(Boolean)
          .join(' · ')}
        extra={toCourse}
      />
    );
  }
  if (isError) {
    const problem = error instanceof ApiProblem ? error : undefined;
    if (problem?.status === 404) return <CourseNotFound />;
    if (problem?.code === 'already_signed_in') {
      return (
        <Result
          status="success"
          title={t('classroom.refusals.already_signed_in')}
          subTitle={title}
          extra={toCourse}
        />
      );
    }
    if (problem?.errors.some((e) => e.field === 'code')) {
      return (
        <Result
          status="warning"
          title={t('classroom.signInPage.expired')}
          subTitle={title}
          extra={toCourse}
        />
      );
    }
    if (problem && ['sign_in_closed', 'not_live_course'].includes(problem.code)) {
      return (
        <Result
          status="warning"
          title={t(`classroom.refusals.${problem.code}`)}
          subTitle={title}
          extra={toCourse}
        />
      );
    }
    return (
      <Result
        status="error"
        title={t('classroom.signInPage.failed')}
        subTitle={title}
        extra={[
          <Button key="retry" onClick={() => mutate(code)}>
            {t('errors.retry')}
          </Button>,
          toCourse,
        ]}
      >
        <ProblemAlert error={error} />
      </Result>
    );
  }
  return (
    <div className="page-loading" role="status" aria-label={t('classroom.signInPage.signingIn')}>
      <Spin />
    </div>
  );
}
