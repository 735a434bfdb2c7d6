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
 * Genuine and valid, genuine but revoked (a newer one replaced it), or unknown.
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
          icon={<CloseCircleFilled />}
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
  return (
    <>
      <Result
        status={valid ? 'success' : 'warning'}
        icon={valid ? <CheckCircleFilled /> : <WarningFilled />}
        title={valid ? t('verify.valid') : t('verify.revoked')}
        subTitle={
          valid
            ? t('verify.validText')
            : t('verify.revokedText', {
                time: v.revoked_at ? formatDateTime(v.revoked_at, i18n.language) : '',
              })
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
          ]}
        />
      </Card>
    </>
  );
}
