import { Button, Card, Result, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { formatDateTime } from '@/utils/format-date';

import { useDecideProvider } from '../api/decide-provider';
import { useProviderReview } from '../api/get-provider-review';
import type { ProviderSubmission } from '../api/get-provider-reviews';
import { Comparison, type ComparedField } from './comparison';
import { DecisionBar } from './decision-bar';
import { PicturePreview } from './media-preview';
import { ReviewStatusTag } from './review-status-tag';

const text = (value: string | null | undefined) => (
  <span style={{ whiteSpace: 'pre-wrap' }}>{value || '—'}</span>
);

/** One provider submission beside the listed profile, with approve and reject. */
export function ProviderReviewDetail({
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
  const review = useProviderReview(revisionId);
  const decide = useDecideProvider(revisionId);

  if (review.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (review.isError) {
    return (
      <Result
        status="warning"
        title={<ProblemAlert error={review.error} />}
        extra={
          <Link to={paths.adminProviderReviews.href()}>
            <Button>{t('admin.back')}</Button>
          </Link>
        }
      />
    );
  }
  const { submission, listed } = review.data;
  const row = (
    key: string,
    label: string,
    pick: (s: ProviderSubmission) => string | null | undefined,
  ): ComparedField => ({
    key,
    label,
    submitted: text(pick(submission)),
    listed: listed ? text(pick(listed)) : undefined,
    changed: !!listed && (pick(submission) ?? '') !== (pick(listed) ?? ''),
  });
  const fields: ComparedField[] = [
    row('name', t('admin.fields.name'), (s) => s.name),
    row('org_name', t('admin.fields.orgName'), (s) => s.org_name),
    row('uscc', t('admin.fields.uscc'), (s) => s.uscc),
    row('address', t('admin.fields.address'), (s) => s.address),
    row('contact_phone', t('admin.fields.contactPhone'), (s) => s.contact_phone),
    {
      key: 'logo',
      label: t('admin.fields.logo'),
      submitted: (
        <PicturePreview picture={submission.logo} alt={t('admin.fields.logo')} width={185} />
      ),
      listed: listed ? (
        <PicturePreview picture={listed.logo} alt={t('admin.fields.logo')} width={185} />
      ) : undefined,
      changed: !!listed && submission.logo?.media_id !== listed.logo?.media_id,
    },
    row('intro', t('admin.fields.intro'), (s) => s.intro),
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Link to={paths.adminProviderReviews.href()}>{t('admin.back')}</Link>
      <Card
        title={
          <Space wrap>
            {submission.name}
            <ReviewStatusTag status={submission.status} />
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">
          {t('admin.submittedAt')}：{formatDateTime(submission.submitted_at, i18n.language)}
        </Typography.Paragraph>
        <Comparison
          fields={fields}
          hasListed={!!listed}
          pending={submission.status === 'pending'}
        />
      </Card>
      <DecisionBar
        status={submission.status}
        rejectReason={submission.reject_reason}
        approveText={t('admin.approveProviderText')}
        decide={(decision) => decide.mutateAsync(decision)}
        deciding={decide.isPending}
        onDecided={onDecided}
        readOnly={readOnly}
      />
    </Space>
  );
}
