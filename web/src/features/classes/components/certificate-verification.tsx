import { CheckCircleFilled, CloseCircleFilled, WarningFilled } from '@ant-design/icons';
import { Button, Card, Descriptions, Result, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { ApiProblem } from '@/lib/api-client';
import { formatDateTime } from '@/utils/format-date';

import { useVerification } from '../api/verify-certificate';
import { formatDuration } from '../format';

/**
 * The public verification page's body (SPEC §5.5): the QR code on a certificate opens it.
 * Genuine and valid, genuine but superseded (newer learning records, or a newer certificate,
 * named once issued), or unknown.
 */
export function CertificateVerification({ serial }: { serial: string }) {
  const { t, i18n } = useTranslation();
  const verification = useVerification(serial);

  if (verification.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (verification.isError) {
    if (verification.error instanceof ApiProblem && verification.error.status === 404) {
      return (
        <Result
          status="error"
          icon={<CloseCircleFilled aria-hidden />}
          title={t('verify.unknown')}
          subTitle={t('verify.unknownText', { serial })}
        />
      );
    }
    return (
      <>
        <ProblemAlert error={verification.error} />
        <Button onClick={() => void verification.refetch()}>{t('errors.retry')}</Button>
      </>
    );
  }
  const v = verification.data;
  const valid = v.status === 'valid';
  const recordsChanged = v.revoke_reason === 'records_changed';
  const revokedAt = v.revoked_at ? formatDateTime(v.revoked_at, i18n.language) : '';
  return (
    <>
      <Result
        status={valid ? 'success' : 'warning'}
        icon={valid ? <CheckCircleFilled aria-hidden /> : <WarningFilled aria-hidden />}
        title={
          valid ? t('verify.valid') : recordsChanged ? t('verify.superseded') : t('verify.revoked')
        }
        subTitle={
          valid
            ? t('verify.validText')
            : recordsChanged
              ? t('verify.supersededText', { time: revokedAt })
              : t('verify.revokedText', { time: revokedAt })
        }
      />
      <Card>
        <Descriptions
          column={1}
          size="small"
          bordered
          items={[
            { key: 'serial', label: t('verify.serial'), children: v.serial },
            { key: 'org', label: t('verify.org'), children: v.org_name },
            { key: 'class', label: t('verify.class'), children: v.class_name },
            { key: 'code', label: t('verify.code'), children: v.class_code },
            { key: 'sessions', label: t('verify.sessions'), children: v.session_count },
            {
              key: 'live',
              label: t('verify.totalLive'),
              children: formatDuration(v.total_live_ms),
            },
            { key: 'students', label: t('verify.students'), children: v.student_count },
            {
              key: 'issued',
              label: t('verify.issuedAt'),
              children: formatDateTime(v.issued_at, i18n.language),
            },
            ...(v.superseded_by
              ? [
                  {
                    key: 'superseded-by',
                    label: t('verify.supersededBy'),
                    children: <a href={`/verify/${v.superseded_by}`}>{v.superseded_by}</a>,
                  },
                ]
              : []),
            ...(v.records_updated_at
              ? [
                  {
                    key: 'records-updated',
                    label: t('verify.recordsUpdatedAt'),
                    children: formatDateTime(v.records_updated_at, i18n.language),
                  },
                ]
              : []),
            ...(v.records_reported_at
              ? [
                  {
                    key: 'records-reported',
                    label: t('verify.recordsReportedAt'),
                    children: formatDateTime(v.records_reported_at, i18n.language),
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </>
  );
}
