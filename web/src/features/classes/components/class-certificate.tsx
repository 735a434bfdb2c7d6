import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { ApiProblem } from '@/lib/api-client';
import { formatDateTime } from '@/utils/format-date';

import { downloadCertificate, useDownload } from '../api/download-files';
import { useCertificate } from '../api/get-certificate';
import type { TrainingClass } from '../api/get-classes';
import { useIssueCertificate } from '../api/issue-certificate';

type Props = { orgId: string; item: TrainingClass; canManage: boolean };

/**
 * 电子凭证 (SPEC §5.5): a PDF of the org, class, sessions and students' effective hours with a
 * serial and a QR code to the public verification page. The current certificate shows on load
 * (any member); owners and admins (re)generate it. Issuing again with unchanged records gives
 * the same certificate; after new records a new serial replaces (revokes) the old one.
 */
export function ClassCertificate({ orgId, item, canManage }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const current = useCertificate(orgId, item.id);
  const issue = useIssueCertificate(orgId, item.id);
  const download = useDownload();
  const certificate = current.data ?? null;

  function generate() {
    const before = certificate?.serial;
    issue.mutate(undefined, {
      onSuccess: (issued) => {
        if (!before) void message.success(t('classes.certificate.issued'));
        else if (issued.serial === before) void message.info(t('classes.certificate.unchanged'));
        else void message.success(t('classes.certificate.reissued', { serial: before }));
      },
    });
  }

  function getPdf() {
    download.mutate(() => downloadCertificate({ org_id: orgId, class_id: item.id }), {
      onError: (error) => {
        if (error instanceof ApiProblem && error.status === 404) {
          void message.info(t('classes.list.noCertificate'));
        }
      },
    });
  }
  const downloadError =
    download.error instanceof ApiProblem && download.error.status === 404 ? null : download.error;

  let body;
  if (current.isPending) {
    body = <Skeleton active paragraph={{ rows: 3 }} />;
  } else if (certificate) {
    body = (
      <Descriptions
        column={1}
        size="small"
        bordered
        style={{ marginBottom: 16 }}
        items={[
          {
            key: 'serial',
            label: t('classes.certificate.serial'),
            children: <Typography.Text copyable>{certificate.serial}</Typography.Text>,
          },
          {
            key: 'status',
            label: t('classes.certificate.status'),
            children:
              certificate.status === 'valid' ? (
                <Tag color="success">{t('classes.certificate.valid')}</Tag>
              ) : (
                <Tag color="error">{t('classes.certificate.revoked')}</Tag>
              ),
          },
          {
            key: 'issued',
            label: t('classes.certificate.issuedAt'),
            children: formatDateTime(certificate.issued_at, i18n.language),
          },
          {
            key: 'verify',
            label: t('classes.certificate.verify'),
            children: (
              <Link
                to={paths.verifyCertificate.href(certificate.serial)}
                target="_blank"
                style={{ wordBreak: 'break-all' }}
              >
                {certificate.verify_url}
              </Link>
            ),
          },
        ]}
      />
    );
  } else if (!current.isError) {
    body = (
      <Typography.Paragraph strong>
        {canManage ? t('classes.certificate.none') : t('classes.certificate.noneStaff')}
      </Typography.Paragraph>
    );
  }

  return (
    <Card title={t('classes.certificate.title')}>
      <Typography.Paragraph type="secondary">{t('classes.certificate.text')}</Typography.Paragraph>
      <ProblemAlert
        error={issue.error ?? downloadError ?? (current.isError ? current.error : null)}
      />
      {current.isError && (
        <Button onClick={() => void current.refetch()} style={{ marginBottom: 16 }}>
          {t('errors.retry')}
        </Button>
      )}
      {body}
      <Space wrap>
        {canManage && !current.isPending && (
          <Button
            type="primary"
            icon={<SafetyCertificateOutlined aria-hidden />}
            loading={issue.isPending}
            onClick={generate}
          >
            {certificate ? t('classes.certificate.reissue') : t('classes.certificate.issue')}
          </Button>
        )}
        {certificate && (
          <Button
            icon={<DownloadOutlined aria-hidden />}
            loading={download.isPending}
            onClick={getPdf}
          >
            {t('classes.certificate.download')}
          </Button>
        )}
      </Space>
      {!canManage && certificate && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          {t('classes.certificate.staffHint')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
