import { Button, Card, Result, Skeleton, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { useCategories } from '@/hooks/use-categories';
import { useEnumLabel } from '@/hooks/use-enum-label';
import { formatDateTime } from '@/utils/format-date';
import { localized } from '@/utils/localized';

import { useDecideCourse } from '../api/decide-course';
import { useCourseReview, type CourseRevision } from '../api/get-course-review';
import { Comparison, type ComparedField } from './comparison';
import { DecisionBar } from './decision-bar';
import { PicturePreview, VideoPreview } from './media-preview';
import { ReviewStatusTag } from './review-status-tag';

const plain = (value: string | number | null | undefined) => (
  <span style={{ whiteSpace: 'pre-wrap' }}>
    {value === null || value === undefined || value === '' ? '—' : value}
  </span>
);

/** One course revision beside the listed one (changed fields highlighted), approve or reject. */
export function CourseReviewDetail({
  revisionId,
  onDecided,
  readOnly = false,
}: {
  revisionId: string;
  onDecided: () => void;
  /** An auditor's view: the submission without the decision. */
  readOnly?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const review = useCourseReview(revisionId);
  const decide = useDecideCourse(revisionId);
  const categories = useCategories();
  const modeLabel = useEnumLabel('course_training_modes');

  if (review.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (review.isError) {
    return (
      <Result
        status="warning"
        title={<ProblemAlert error={review.error} />}
        extra={
          <Link to={paths.adminCourseReviews.href()}>
            <Button>{t('admin.back')}</Button>
          </Link>
        }
      />
    );
  }
  const { submission, listed } = review.data;
  const revision = submission.revision;
  const categoryName = (code: string | null | undefined) => {
    const category = categories.data?.items.find((c) => c.code === code);
    return category ? localized(category, 'name', i18n.language) : code;
  };
  const liveTime = (r: CourseRevision) =>
    r.live_starts_at
      ? `${formatDateTime(r.live_starts_at, i18n.language)} – ${r.live_ends_at ? formatDateTime(r.live_ends_at, i18n.language) : ''}`
      : '';

  type Field = {
    key: string;
    label: string;
    /** What is compared. */
    value: (r: CourseRevision) => string;
    /** How it shows (the compared value as text by default). */
    show?: (r: CourseRevision) => ReactNode;
  };
  const spec: Field[] = [
    { key: 'title', label: t('admin.fields.title'), value: (r) => r.title },
    {
      key: 'delivery',
      label: t('admin.fields.delivery'),
      value: (r) => r.delivery,
      show: (r) => t(`classroom.delivery.${r.delivery}`, { defaultValue: r.delivery }),
    },
    {
      key: 'cover',
      label: t('admin.fields.cover'),
      value: (r) => r.cover?.media_id ?? '',
      show: (r) => <PicturePreview picture={r.cover} alt={t('admin.fields.cover')} width={193} />,
    },
    {
      key: 'video',
      label: t('admin.fields.video'),
      value: (r) => r.video_media_id ?? '',
      show: (r) => <VideoPreview mediaId={r.video_media_id} />,
    },
    { key: 'intro', label: t('admin.fields.intro_text'), value: (r) => r.intro },
    {
      key: 'intro_image',
      label: t('admin.fields.introImage'),
      value: (r) => r.intro_image?.media_id ?? '',
      show: (r) => (
        <PicturePreview picture={r.intro_image} alt={t('admin.fields.introImage')} width={160} />
      ),
    },
    {
      key: 'external_url',
      label: t('admin.fields.externalUrl'),
      value: (r) => r.external_url ?? '',
    },
    {
      key: 'training_mode',
      label: t('admin.fields.trainingMode'),
      value: (r) => r.training_mode ?? '',
      show: (r) => plain(r.training_mode ? modeLabel(r.training_mode) : ''),
    },
    {
      key: 'category',
      label: t('admin.fields.category'),
      value: (r) => r.category_code ?? '',
      show: (r) => plain(categoryName(r.category_code)),
    },
    {
      key: 'lecturers',
      label: t('admin.fields.lecturers'),
      value: (r) => r.lecturers.map((l) => l.id).join(','),
      show: (r) => plain(r.lecturers.map((l) => l.name).join('、')),
    },
  ];
  if (revision.delivery === 'live' || listed?.delivery === 'live') {
    spec.push(
      { key: 'live_time', label: t('admin.fields.liveTime'), value: liveTime },
      {
        key: 'capacity',
        label: t('admin.fields.capacity'),
        value: (r) => (r.capacity == null ? '' : String(r.capacity)),
      },
    );
  }
  const fields: ComparedField[] = spec.map((field) => {
    const show = field.show ?? ((r: CourseRevision) => plain(field.value(r)));
    return {
      key: field.key,
      label: field.label,
      submitted: show(revision),
      listed: listed ? show(listed) : undefined,
      changed: !!listed && field.value(revision) !== field.value(listed),
    };
  });

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Link to={paths.adminCourseReviews.href()}>{t('admin.back')}</Link>
      <Card
        title={
          <Space wrap>
            {revision.title}
            <ReviewStatusTag status={revision.status} />
            <Tag>{t(submission.is_update ? 'admin.courseUpdate' : 'admin.newCourse')}</Tag>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">
          {t('admin.provider')}：{submission.provider_name}
          {revision.submitted_at &&
            ` · ${t('admin.submittedAt')}：${formatDateTime(revision.submitted_at, i18n.language)}`}
        </Typography.Paragraph>
        <Comparison fields={fields} hasListed={!!listed} pending={revision.status === 'pending'} />
      </Card>
      <DecisionBar
        status={revision.status}
        rejectReason={revision.reject_reason}
        approveText={t('admin.approveCourseText')}
        decide={(decision) => decide.mutateAsync(decision)}
        deciding={decide.isPending}
        onDecided={onDecided}
        readOnly={readOnly}
      />
    </Space>
  );
}
