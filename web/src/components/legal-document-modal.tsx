import { Button, Modal, Space, Spin, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { FirstLoad } from '@/components/problem-alert';
import { useLegalDocument, type LegalDocument, type LegalKind } from '@/hooks/use-legal-document';
import { formatDate } from '@/utils/format-date';

import { LegalMarkdown } from './legal-markdown';

/** 第 2 版 · 2026年12月6日发布 (and 平台默认文本 for the text the platform ships with). */
export function LegalDocumentMeta({ document }: { document: LegalDocument }) {
  const { t, i18n } = useTranslation();
  return (
    <Typography.Paragraph type="secondary" className="legal-meta">
      {t('legal.meta', {
        version: document.version,
        date: formatDate(document.published_at, i18n.language),
      })}
      {document.is_default ? ` · ${t('legal.isDefault')}` : ''}
    </Typography.Paragraph>
  );
}

/** The text of `document`, its version and date above it. */
export function LegalDocumentBody({ document }: { document: LegalDocument }) {
  return (
    <>
      <LegalDocumentMeta document={document} />
      <LegalMarkdown>{document.body}</LegalMarkdown>
    </>
  );
}

type Props = {
  kind: LegalKind;
  /** A version of the history; the current one when absent. */
  version?: number;
  open: boolean;
  onClose: () => void;
  /**
   * Adds 我已阅读并同意, which ticks the form's box (the charter); without it the dialog only
   * shows the text and leaves the box as it is.
   */
  onAgree?: () => void;
  /** Said above the text, e.g. why it is shown again. */
  notice?: ReactNode;
};

/**
 * A text users agree to, as the API serves it (fetched when opened), in a dialog that
 * scrolls inside itself on a phone.
 */
export function LegalDocumentModal({ kind, version, open, onClose, onAgree, notice }: Props) {
  const { t } = useTranslation();
  const document = useLegalDocument(kind, { version });
  const loaded = document.data;
  return (
    <Modal
      open={open}
      title={loaded?.title ?? t(`legal.names.${kind}`)}
      onCancel={onClose}
      width={760}
      styles={{ body: { maxHeight: '65vh', overflowY: 'auto' } }}
      footer={
        <Space wrap style={{ justifyContent: 'flex-end' }}>
          {onAgree ? (
            <Button type="primary" disabled={!loaded} onClick={onAgree}>
              {t('legal.agree')}
            </Button>
          ) : (
            <Button type="primary" onClick={onClose}>
              {t('legal.close')}
            </Button>
          )}
        </Space>
      }
    >
      {notice}
      {loaded ? (
        <LegalDocumentBody document={loaded} />
      ) : (
        <>
          <FirstLoad
            query={document}
            loading={
              <div className="page-loading" role="status" aria-label={t('legal.loading')}>
                <Spin />
              </div>
            }
          />
          {document.isError && (
            <Button onClick={() => void document.refetch()}>{t('legal.retry')}</Button>
          )}
        </>
      )}
    </Modal>
  );
}
