import { Alert, Button, Card, Result, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { ApiProblem } from '@/lib/api-client';
import { formatDateTime } from '@/utils/format-date';

import { useOwnCourse } from '../api/get-own-course';
import { AttendeeList } from './attendee-list';
import { CourseActions } from './course-actions';
import { CourseCommentsManager } from './course-comments-manager';
import { CourseHistory } from './course-history';
import { SignInQr } from './sign-in-qr';
import { StatusTag } from './status-tag';

type Props = {
  orgId: string;
  courseId: string;
  canEdit: boolean;
  /** `history` (default), `comments`, and for live courses `enrollments`, `sign-ins`, `qr`. */
  tab: string;
  onTabChange: (tab: string) => void;
};

/** One course in the console: its state and actions, history, comments and live lists. */
export function ConsoleCourse({ orgId, courseId, canEdit, tab, onTabChange }: Props) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const course = useOwnCourse(orgId, courseId);
  const [actionError, setActionError] = useState<unknown>(null);

  if (course.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (course.isError) {
    if (course.error instanceof ApiProblem && course.error.status === 404) {
      return (
        <Result
          status="404"
          title={t('console.editor.notFound')}
          extra={
            <Link to={paths.providerCourses.href(orgId)}>
              <Button>{t('console.backToCourses')}</Button>
            </Link>
          }
        />
      );
    }
    return <ProblemAlert error={course.error} />;
  }

  const { course: current, etag } = course.data;
  const revision = current.revision;
  const live = revision.delivery === 'live';
  const tabs = [
    { key: 'history', label: t('console.course.history') },
    { key: 'comments', label: t('console.course.comments') },
    ...(live
      ? [
          { key: 'enrollments', label: t('console.course.enrollments') },
          { key: 'sign-ins', label: t('console.course.signIns') },
          { key: 'qr', label: t('console.course.signInCode') },
        ]
      : []),
  ];
  const active = tabs.some((item) => item.key === tab) ? tab : 'history';

  let body;
  if (active === 'comments') {
    body = <CourseCommentsManager orgId={orgId} courseId={courseId} canEdit={canEdit} />;
  } else if (active === 'enrollments' || active === 'sign-ins') {
    body = (
      <AttendeeList orgId={orgId} courseId={courseId} courseTitle={revision.title} list={active} />
    );
  } else if (active === 'qr') {
    body = <SignInQr orgId={orgId} courseId={courseId} />;
  } else {
    body = <CourseHistory orgId={orgId} courseId={courseId} />;
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Link to={paths.providerCourses.href(orgId)}>{t('console.backToCourses')}</Link>
      <Card>
        <div className="console-course-head">
          <Space orientation="vertical" size={4} style={{ minWidth: 0 }}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {revision.title}
            </Typography.Title>
            <Space wrap size={4}>
              <StatusTag status={current.status} />
              {current.listed ? (
                <Tag color="green">{t('console.course.listed')}</Tag>
              ) : (
                <Tag>{t('console.course.notListed')}</Tag>
              )}
              <Typography.Text type="secondary">
                {t(`classroom.delivery.${revision.delivery}`, { defaultValue: revision.delivery })}
                {live &&
                  revision.live_starts_at &&
                  ` · ${formatDateTime(revision.live_starts_at, i18n.language)}`}
              </Typography.Text>
            </Space>
          </Space>
          <CourseActions
            orgId={orgId}
            canEdit={canEdit}
            etag={etag}
            course={{
              id: current.id,
              title: revision.title,
              status: current.status,
              listed: current.listed,
              delivery: revision.delivery,
              approvedOnce: current.public_revision != null,
            }}
            onError={setActionError}
            onDeleted={() => void navigate(paths.providerCourses.href(orgId))}
          />
        </div>
        {current.status === 'rejected' && revision.reject_reason && (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 16 }}
            title={t('console.course.rejectReason', { reason: revision.reject_reason })}
          />
        )}
        <ProblemAlert error={actionError} />
      </Card>
      <Card>
        <Tabs activeKey={active} onChange={onTabChange} items={tabs} />
        {body}
      </Card>
    </Space>
  );
}
