import { Alert, Button, Modal, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export type SecretEntry = { label: string; value: string };

type Props = {
  title: string;
  /** What to show once: the key, or client_id and client_secret, or a signing secret. */
  entries: SecretEntry[];
  /** Said under the secret: what became of the one it replaces, say. */
  note?: ReactNode;
  onClose: () => void;
};

/**
 * A secret the server returns once and keeps only hashed: shown with a copy button and a
 * plain warning. Closing needs the button (no click outside, no Esc), so it is not lost by a
 * stray tap.
 */
export function SecretModal({ title, entries, note, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={title}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('integrators.secret.done')}
        </Button>
      }
    >
      <Alert
        type="warning"
        showIcon
        title={t('integrators.secret.warning')}
        description={t('integrators.secret.warningText')}
        style={{ marginBottom: 16 }}
      />
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {entries.map((entry) => (
          <div key={entry.label}>
            <Typography.Text type="secondary">{entry.label}</Typography.Text>
            <Typography.Paragraph
              className="integrator-secret"
              aria-label={entry.label}
              copyable={{
                text: entry.value,
                tooltips: [t('integrators.secret.copy'), t('integrators.secret.copied')],
              }}
              style={{ marginBottom: 0, wordBreak: 'break-all' }}
            >
              <code>{entry.value}</code>
            </Typography.Paragraph>
          </div>
        ))}
        {note && (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {note}
          </Typography.Paragraph>
        )}
      </Space>
    </Modal>
  );
}
