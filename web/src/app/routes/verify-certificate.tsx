import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';

import { CertificateVerification } from '@/features/classes/components/certificate-verification';

/** /verify/:serial (public, phone-first): what a certificate's QR code opens. */
export function VerifyCertificateRoute() {
  const { t } = useTranslation();
  const { serial = '' } = useParams();
  return (
    <div className="verify-page">
      <Typography.Title level={1} className="page-title">
        {t('verify.title')}
      </Typography.Title>
      <CertificateVerification serial={serial} />
    </div>
  );
}
