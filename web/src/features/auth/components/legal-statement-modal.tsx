import { Button, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * 《平台法律声明》. The platform operator provides the text; until it does, this says so
 * plainly rather than inventing legal terms.
 */
export function LegalStatementModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={open}
      title={t('legal.title')}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('legal.close')}
        </Button>
      }
    >
      <Typography.Paragraph>{t('legal.placeholder')}</Typography.Paragraph>
      <Typography.Paragraph>{t('legal.scope')}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('legal.contact')}</Typography.Paragraph>
    </Modal>
  );
}
