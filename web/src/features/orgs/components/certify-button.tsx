import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { goToUrl } from '@/utils/go-to-url';

import { useStartCertification } from '../api/start-certification';

/**
 * 通过海易办认证: off to the 海易办 login of the enterprise's legal person; the API certifies
 * the org with that USCC (or creates it) and sends the browser back to the enterprise page.
 */
export function CertifyButton({
  orgId,
  block = false,
  size,
  label,
}: {
  /** The org being certified; none when 海易办 is to create the enterprise. */
  orgId?: string;
  block?: boolean;
  size?: 'small' | 'middle';
  /** 通过海易办认证 unless the place words it otherwise (前往海易办认证). */
  label?: string;
}) {
  const { t } = useTranslation();
  const start = useStartCertification(orgId);
  return (
    <>
      <ProblemAlert error={start.error} />
      <Button
        type="primary"
        block={block}
        size={size}
        icon={<SafetyCertificateOutlined aria-hidden />}
        // Stays busy until the browser has left: a second click would start a second link.
        loading={start.isPending || start.isSuccess}
        onClick={() => start.mutate(undefined, { onSuccess: (url) => goToUrl(url) })}
      >
        {label ?? t('enterprise.certify')}
      </Button>
    </>
  );
}
