import { Alert, Empty, Skeleton, Space, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { FirstLoad } from '@/components/problem-alert';
import { formatDateTime } from '@/utils/format-date';

import { useCourseRevisions } from '../api/get-course-revisions';
import { StatusTag } from './status-tag';

/** 审核记录: every revision of the course, newest first, with its decision and reason. */
export function CourseHistory({ orgId, courseId }: { orgId: string; courseId: string }) {
  const { t, i18n } = useTranslation();
  const revisions = useCourseRevisions(orgId, courseId);

  if (revisions.data === undefined)
    return <FirstLoad query={revisions} loading={<Skeleton active />} />;
  if (revisions.data.length === 0) return <Empty description={t('console.course.noHistory')} />;

  return (
    <Timeline
      className="course-history"
      items={revisions.data.map((revision) => ({
        key: revision.id,
        color:
          revision.status === 'approved'
            ? 'green'
            : revision.status === 'rejected'
              ? 'red'
              : 'blue',
        content: (
          <Space orientation="vertical" size={4} style={{ width: '100%' }}>
            <Space wrap size={8}>
              <Typography.Text strong>
                {t('console.course.revision', { number: revision.number })}
              </Typography.Text>
              <StatusTag status={revision.status} />
              <Typography.Text>{revision.title}</Typography.Text>
            </Space>
            {revision.submitted_at && (
              <Typography.Text type="secondary">
                {t('console.course.submittedAt', {
                  time: formatDateTime(revision.submitted_at, i18n.language),
                })}
              </Typography.Text>
            )}
            {revision.decided_at && (
              <Typography.Text type="secondary">
                {t('console.course.decidedAt', {
                  time: formatDateTime(revision.decided_at, i18n.language),
                })}
              </Typography.Text>
            )}
            {revision.reject_reason && (
              <Alert
                type="error"
                showIcon
                title={t('console.course.rejectReason', { reason: revision.reject_reason })}
              />
            )}
          </Space>
        ),
      }))}
    />
  );
}
