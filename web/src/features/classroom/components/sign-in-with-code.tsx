import { Button, Form, Input, Result, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { ApiProblem } from '@/lib/api-client';
import { formatDateTime } from '@/utils/format-date';

import type { AttendeeDetails } from '../api/enroll';
import { useCourse } from '../api/get-course';
import { useMyCourseStatus } from '../api/get-my-course-status';
import { useSignInToCourse } from '../api/sign-in-to-course';

import { AttendeeDetailsModal } from './attendee-details-modal';
import { CourseNotFound } from './course-detail';

/** Six digits read off the screen beside the QR, typed by someone who cannot scan it. */
function TypedCode({ onCode }: { onCode: (code: string) => void }) {
  const { t } = useTranslation();
  return (
    <Form
      layout="inline"
      name="typed-sign-in-code"
      style={{ justifyContent: 'center' }}
      onFinish={({ code }: { code: string }) => onCode(code.replace(/\s/g, ''))}
    >
      <Form.Item
        name="code"
        label={t('classroom.signInPage.typedCode')}
        rules={[
          {
            validator: (_, value?: string) =>
              /^\d{6}$/.test((value ?? '').replace(/\s/g, ''))
                ? Promise.resolve()
                : Promise.reject(new Error(t('classroom.signInPage.typedCodeFormat'))),
          },
        ]}
      >
        <Input
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          style={{ width: 140 }}
        />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit">
          {t('classroom.signInPage.submitCode')}
        </Button>
      </Form.Item>
    </Form>
  );
}

/** A refusal of the name or company: the dialog shows it under the field. */
function refusesDetails(error: unknown): boolean {
  return (
    error instanceof ApiProblem &&
    error.errors.some((e) => e.field === 'name' || e.field === 'company')
  );
}

/**
 * The page the on-site QR code opens (signed in): signs in to the live course with the
 * code, and says how it went. Someone who enrolled signs in at once (they gave their name
 * then); a walk-in gives their name and company first, for the provider's sign-in list.
 * Opened without a code, it takes the six digits shown beside the QR.
 */
export function SignInWithCode({
  courseId,
  code: scanned,
}: {
  courseId: string;
  code: string | null;
}) {
  const { t, i18n } = useTranslation();
  const [typed, setTyped] = useState<string | null>(null);
  const code = scanned ?? typed;
  const course = useCourse(courseId);
  const mine = useMyCourseStatus(courseId);
  const { mutate, mutateAsync, data, error, isError, isSuccess, isPending } =
    useSignInToCourse(courseId);
  // What a walk-in gave; kept for a retry with another code.
  const [details, setDetails] = useState<AttendeeDetails | null>(null);
  const [asking, setAsking] = useState(true);
  // Not knowing (the status failed), the server's default applies: the account's name.
  const walkIn = mine.data !== undefined && !mine.data.enrolled_at && !mine.data.signed_in_at;
  const needsDetails = walkIn && details === null;
  // Once per code, even when React runs the effect twice (development).
  const sent = useRef<string | null>(null);
  useEffect(() => {
    if (!code || sent.current === code || mine.isPending || needsDetails) return;
    sent.current = code;
    mutate({ code, ...details });
  }, [code, mutate, mine.isPending, needsDetails, details]);

  const title = course.data?.title;
  const toCourse = (
    <Link key="course" to={paths.classroomCourse.href(courseId)}>
      <Button type="primary">{t('classroom.signInPage.toCourse')}</Button>
    </Link>
  );

  if (!code) {
    return (
      <Result
        status="info"
        title={t('classroom.signInPage.noCode')}
        subTitle={title}
        extra={[<TypedCode key="typed" onCode={setTyped} />, toCourse]}
      />
    );
  }
  if (needsDetails) {
    return asking ? (
      <AttendeeDetailsModal
        title={t('classroom.attendee.signInTitle')}
        okText={t('classroom.attendee.signIn')}
        submitting={isPending}
        onSubmit={(given) => {
          sent.current = code;
          return mutateAsync({ code, ...given }).then(
            () => setDetails(given),
            (refusal: unknown) => {
              if (refusesDetails(refusal)) throw refusal;
              // The code or the time was refused: the page says so, and a retry reuses these.
              setDetails(given);
            },
          );
        }}
        onCancel={() => setAsking(false)}
      />
    ) : (
      <Result
        status="info"
        title={t('classroom.signInPage.notYet')}
        subTitle={title}
        extra={[
          <Button key="again" type="primary" onClick={() => setAsking(true)}>
            {t('classroom.signInPage.submitCode')}
          </Button>,
          toCourse,
        ]}
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
          extra={[
            <TypedCode
              key="typed"
              onCode={(next) => {
                setTyped(next);
                sent.current = null;
              }}
            />,
            toCourse,
          ]}
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
          <Button key="retry" onClick={() => mutate({ code, ...details })}>
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
