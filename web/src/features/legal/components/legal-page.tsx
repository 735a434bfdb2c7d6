import { Alert, Card, Select, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { LegalDocumentMeta } from '@/components/legal-document-modal';
import { LegalMarkdown } from '@/components/legal-markdown';
import { FirstLoad } from '@/components/problem-alert';
import { useLegalDocument, type LegalKind } from '@/hooks/use-legal-document';
import { formatDate } from '@/utils/format-date';

import { useLegalVersions } from '../api/get-legal-versions';
import { legalPageHref } from '../legal-page-href';

type Props = {
  kind: LegalKind;
  /** A version of the history (`?version=`); the current one when absent. */
  version?: number;
  onVersionChange: (version: number | undefined) => void;
};

/**
 * /legal/terms, /legal/privacy, /legal/charter (public): the text as users agree to it, and
 * any earlier version, as those who agreed to it saw it.
 */
export function LegalPage({ kind, version, onVersionChange }: Props) {
  const { t, i18n } = useTranslation();
  const current = useLegalDocument(kind);
  const shown = useLegalDocument(kind, { version }); // the same query as `current` without one
  const versions = useLegalVersions(kind, { page: 1, page_size: 100 });
  const document = shown.data;
  const currentVersion = current.data?.version;
  const history = versions.data?.items ?? [];

  return (
    <Card className="legal-page">
      {document === undefined ? (
        <FirstLoad
          query={shown}
          loading={
            <div className="page-loading" role="status" aria-label={t('legal.loading')}>
              <Spin />
            </div>
          }
        />
      ) : (
        <>
          <Typography.Title level={1} className="page-title">
            {document.title}
          </Typography.Title>
          <div className="legal-page-meta">
            <LegalDocumentMeta document={document} />
            {history.length > 1 && (
              <Select
                aria-label={t('legal.page.versions')}
                size="small"
                value={document.version}
                popupMatchSelectWidth={false}
                onChange={(next: number) =>
                  onVersionChange(next === currentVersion ? undefined : next)
                }
                options={history.map((item) => ({
                  value: item.version,
                  label:
                    t('legal.page.versionOption', {
                      version: item.version,
                      date: formatDate(item.published_at, i18n.language),
                    }) + (item.version === currentVersion ? t('legal.page.current') : ''),
                }))}
              />
            )}
          </div>
          {currentVersion !== undefined && document.version !== currentVersion && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('legal.page.older', {
                version: document.version,
                current: currentVersion,
              })}
              action={<Link to={legalPageHref[kind]()}>{t('legal.page.toCurrent')}</Link>}
            />
          )}
          <LegalMarkdown>{document.body}</LegalMarkdown>
        </>
      )}
    </Card>
  );
}
