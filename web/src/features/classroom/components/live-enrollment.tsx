import { CheckCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { useSessionStatus } from '@/hooks/use-session';
import { ApiProblem } from '@/lib/api-client';
import { formatDateTime } from '@/utils/format-date';

import { useEnroll } from '../api/enroll';
import type { PublicCourse } from '../api/get-course';
import { useMyCourseStatus } from '../api/get-my-course-status';
import { useSignInToCourse } from '../api/sign-in-to-course';
import { useNow } from '../hooks/use-now';
import { AttendeeDetailsModal } from './attendee-details-modal';

/** Sign-in opens this long before the start (the server's rule; it checks again). */
const signInOpensBeforeMs = 15 * 60 * 1000;

/** Refusals the page words itself, by the problem's stable code. */
const knownRefusals = [
  'course_full',
  'already_enrolled',
  'enrollment_closed',
  'not_live_course',
  'sign_in_closed',
  'not_enrolled',
  'already_signed_in',
];

function isKnownRefusal(error: unknown): boolean {
  return error instanceof ApiProblem && knownRefusals.includes(error.code);
}

function Refusal({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error instanceof ApiProblem && isKnownRefusal(error)) {
    return (
      <Alert
        type="warning"
        showIcon
        title={t(`classroom.refusals.${error.code}`)}
        className="live-refusal"
      />
    );
  }
  return <ProblemAlert error={error} />;
}

/**
 * A live course's times and places, and the viewer's part: 报名 before the start while places
 * last (asking the learner's name and company first), 签到 from 15 minutes before the start to
 * the end (by button: the enrollment gave the name already).
 */
export function LiveEnrollment({ course }: { course: PublicCourse }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const session = useSessionStatus();
  const { pathname, search } = useLocation();
  const now = useNow();
  const status = useMyCourseStatus(course.id);
  const enroll = useEnroll(course.id);
  const signIn = useSignInToCourse(course.id);
  const [askingDetails, setAskingDetails] = useState(false);

  if (!course.live_starts_at) return null;
  const startsAt = Date.parse(course.live_starts_at);
  const endsAt = course.live_ends_at ? Date.parse(course.live_ends_at) : null;
  const started = now >= startsAt;
  const ended = endsAt !== null && now > endsAt;
  const signInOpen = now >= startsAt - signInOpensBeforeMs && !ended;
  const mine = status.data;
  const placesLeft = mine?.places_left;
  const liveState = ended ? 'ended' : started ? 'live' : 'upcoming';

  let enrollment;
  if (session !== 'signed-in') {
    enrollment = started ? (
      <Tag>{t('classroom.course.closed')}</Tag>
    ) : (
      <Link to={paths.login.href(pathname + search)}>
        <Button type="primary">{t('classroom.course.loginToEnroll')}</Button>
      </Link>
    );
  } else if (!mine) {
    enrollment = null;
  } else if (mine.enrolled_at) {
    enrollment = (
      <Tag color="success" icon={<CheckCircleOutlined aria-hidden />}>
        {t('classroom.course.enrolled')}
      </Tag>
    );
  } else if (started) {
    enrollment = <Tag>{t('classroom.course.closed')}</Tag>;
  } else if (placesLeft === 0) {
    enrollment = <Button disabled>{t('classroom.course.full')}</Button>;
  } else {
    enrollment = (
      <Button
        type="primary"
        loading={enroll.isPending}
        onClick={() => {
          enroll.reset();
          setAskingDetails(true);
        }}
      >
        {t('classroom.course.enroll')}
      </Button>
    );
  }

  let attendance = null;
  if (mine?.signed_in_at) {
    attendance = (
      <Tag color="success" icon={<CheckCircleOutlined aria-hidden />}>
        {t('classroom.course.signedIn')}
      </Tag>
    );
  } else if (mine?.enrolled_at) {
    if (signInOpen) {
      attendance = (
        <Button
          loading={signIn.isPending}
          onClick={() =>
            signIn.mutate(
              {},
              {
                onSuccess: () => void message.success(t('classroom.course.signInDone')),
              },
            )
          }
        >
          {t('classroom.course.signIn')}
        </Button>
      );
    } else {
      attendance = (
        <Tag>{ended ? t('classroom.course.signInOver') : t('classroom.course.signInLater')}</Tag>
      );
    }
  }

  return (
    <section className="live-enrollment" aria-label={t('classroom.course.live')}>
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'state',
            label: t('classroom.course.liveState'),
            children: (
              <Tag
                color={liveState === 'live' ? 'red' : liveState === 'upcoming' ? 'blue' : undefined}
              >
                {t(`classroom.course.liveStates.${liveState}`)}
              </Tag>
            ),
          },
          {
            key: 'time',
            label: t('classroom.course.liveTime'),
            children:
              formatDateTime(course.live_starts_at, i18n.language) +
              (course.live_ends_at
                ? ` – ${formatDateTime(course.live_ends_at, i18n.language)}`
                : ''),
          },
          ...(course.capacity !== null && course.capacity !== undefined
            ? [
                {
                  key: 'capacity',
                  label: t('classroom.course.capacity'),
                  children:
                    t('classroom.course.capacityValue', { count: course.capacity }) +
                    (placesLeft !== null && placesLeft !== undefined
                      ? ` · ${t('classroom.course.placesLeft', { count: placesLeft })}`
                      : ''),
                },
              ]
            : []),
          ...(mine
            ? [
                {
                  key: 'enrollment',
                  label: t('classroom.course.enrollment'),
                  children: mine.enrolled_at
                    ? t('classroom.course.enrolledAt', {
                        time: formatDateTime(mine.enrolled_at, i18n.language),
                      })
                    : t('classroom.course.notEnrolled'),
                },
              ]
            : []),
        ]}
      />
      <Space wrap>
        {enrollment}
        {attendance}
      </Space>
      {enroll.isError && !askingDetails && <Refusal error={enroll.error} />}
      {signIn.isError && <Refusal error={signIn.error} />}
      {askingDetails && (
        <AttendeeDetailsModal
          title={t('classroom.attendee.enrollTitle')}
          okText={t('classroom.attendee.enroll')}
          submitting={enroll.isPending}
          onSubmit={(details) =>
            enroll.mutateAsync(details).then(
              () => {
                setAskingDetails(false);
                void message.success(t('classroom.course.enrollDone'));
              },
              (error: unknown) => {
                // Full, closed, already enrolled: no detail can change that; the page says so.
                if (isKnownRefusal(error)) setAskingDetails(false);
                else throw error;
              },
            )
          }
          onCancel={() => {
            setAskingDetails(false);
            enroll.reset();
          }}
        />
      )}
    </section>
  );
}
