import { Alert, Card, Skeleton, Space, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { formatDateTime } from '@/utils/format-date';

import { useSignInCode } from '../api/get-sign-in-code';

/**
 * The live course's on-site sign-in QR code: the API's rotating code, asked for again every
 * minute, drawn by the `qrcode` library as the full URL of the SPA's sign-in page.
 */
export function SignInQr({ orgId, courseId }: { orgId: string; courseId: string }) {
  const { t, i18n } = useTranslation();
  const code = useSignInCode(orgId, courseId);
  const [image, setImage] = useState<{ target: string; dataUrl: string } | null>(null);
  const target = code.data ? new URL(code.data.path, window.location.origin).toString() : null;

  useEffect(() => {
    if (!target) return;
    let cancelled = false;
    QRCode.toDataURL(target, { width: 280, margin: 2, errorCorrectionLevel: 'M' })
      .then((dataUrl) => {
        if (!cancelled) setImage({ target, dataUrl });
      })
      .catch(() => {
        if (!cancelled) setImage(null);
      });
    return () => {
      cancelled = true;
    };
  }, [target]);

  if (code.isPending) return <Skeleton.Image active style={{ width: 280, height: 280 }} />;
  if (code.isError) {
    return (
      <>
        <Alert type="error" showIcon title={t('console.qr.failed')} style={{ marginBottom: 16 }} />
        <ProblemAlert error={code.error} />
      </>
    );
  }

  return (
    <Card className="sign-in-qr">
      <Space orientation="vertical" align="center" size={8} style={{ width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('console.qr.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {t('console.qr.text')}
        </Typography.Paragraph>
        {image && image.target === target ? (
          <img
            src={image.dataUrl}
            alt={t('console.qr.image')}
            width={280}
            height={280}
            style={{ maxWidth: '100%', height: 'auto' }}
            data-target={target}
          />
        ) : (
          <Skeleton.Image active style={{ width: 280, height: 280 }} />
        )}
        <Typography.Text className="sign-in-code" style={{ textAlign: 'center' }}>
          {t('console.qr.typedCode')}
          <Typography.Text strong style={{ fontSize: 28, letterSpacing: 4, display: 'block' }}>
            {code.data.short_code}
          </Typography.Text>
        </Typography.Text>
        <Typography.Text type="secondary">
          {t('console.qr.expiresAt', { time: formatDateTime(code.data.expires_at, i18n.language) })}
        </Typography.Text>
      </Space>
    </Card>
  );
}
