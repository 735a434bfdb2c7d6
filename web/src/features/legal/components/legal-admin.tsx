import { Button, Card, Descriptions, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { LegalDocumentModal } from '@/components/legal-document-modal';
import { FirstLoad } from '@/components/problem-alert';
import { legalKinds, useLegalDocument, type LegalKind } from '@/hooks/use-legal-document';
import { useTableScrollX } from '@/hooks/use-table-scroll-x';
import { formatDateTime } from '@/utils/format-date';

import { useLegalVersions, type LegalVersion } from '../api/get-legal-versions';
import { legalPageHref } from '../legal-page-href';
import { PublishLegalForm } from './publish-legal-form';

function SourceTag({ isDefault }: { isDefault: boolean }) {
  const { t } = useTranslation();
  return isDefault ? (
    <Tag>{t('legal.admin.defaultText')}</Tag>
  ) : (
    <Tag color="blue">{t('legal.admin.byOperator')}</Tag>
  );
}

function Loading() {
  const { t } = useTranslation();
  return (
    <div className="page-loading" role="status" aria-label={t('legal.loading')}>
      <Spin />
    </div>
  );
}

/** The versions, newest first; each opens as its users saw it. */
function VersionHistory({ kind }: { kind: LegalKind }) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState({ page: 1, page_size: 10 });
  const versions = useLegalVersions(kind, page);
  const [viewing, setViewing] = useState<number | null>(null);

  const columns: ColumnsType<LegalVersion> = [
    {
      title: t('legal.admin.version'),
      dataIndex: 'version',
      width: 100,
      render: (version: number) => t('legal.admin.versionOf', { version }),
    },
    { title: t('legal.admin.fieldTitle'), dataIndex: 'title', width: 200, ellipsis: true },
    {
      title: t('legal.admin.publishedAt'),
      dataIndex: 'published_at',
      width: 170,
      render: (at: string) => formatDateTime(at, i18n.language),
    },
    {
      title: t('legal.admin.source'),
      dataIndex: 'is_default',
      width: 130,
      render: (isDefault: boolean) => <SourceTag isDefault={isDefault} />,
    },
    {
      title: t('legal.admin.changeNote'),
      dataIndex: 'change_note',
      width: 220,
      ellipsis: true,
      render: (note?: string | null) => note || '—',
    },
    {
      title: t('adminConsole.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, row) => (
        <Button
          type="link"
          size="small"
          aria-label={t('legal.admin.viewVersion', { version: row.version })}
          onClick={() => setViewing(row.version)}
        >
          {t('legal.admin.view')}
        </Button>
      ),
    },
  ];
  const scrollX = useTableScrollX(columns);

  return (
    <Card title={t('legal.admin.history')}>
      {versions.data === undefined ? (
        <FirstLoad query={versions} loading={<Loading />} />
      ) : (
        <Table<LegalVersion>
          rowKey="version"
          size="small"
          columns={columns}
          dataSource={versions.data.items}
          scroll={{ x: scrollX }}
          loading={versions.isFetching}
          pagination={{
            current: page.page,
            pageSize: page.page_size,
            total: versions.data.total,
            showTotal: (total) => t('legal.admin.total', { total }),
            onChange: (next, size) => setPage({ page: next, page_size: size }),
            hideOnSinglePage: true,
          }}
        />
      )}
      {viewing !== null && (
        <LegalDocumentModal kind={kind} version={viewing} open onClose={() => setViewing(null)} />
      )}
    </Card>
  );
}

/** One text: its current version, its history and (super admins) the next version. */
function LegalKindAdmin({ kind, canEdit }: { kind: LegalKind; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const current = useLegalDocument(kind);
  const [reading, setReading] = useState(false);
  const document = current.data;

  return (
    <Space orientation="vertical" size="middle" style={{ display: 'flex' }}>
      <Card
        title={t('legal.admin.current')}
        extra={
          <Link to={legalPageHref[kind]()} target="_blank" rel="noopener">
            {t('legal.admin.publicPage')}
          </Link>
        }
      >
        {document === undefined ? (
          <FirstLoad query={current} loading={<Loading />} />
        ) : (
          <>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 1, md: 2 }}
              items={[
                { key: 'title', label: t('legal.admin.fieldTitle'), children: document.title },
                {
                  key: 'version',
                  label: t('legal.admin.version'),
                  children: t('legal.admin.versionOf', { version: document.version }),
                },
                {
                  key: 'published',
                  label: t('legal.admin.publishedAt'),
                  children: formatDateTime(document.published_at, i18n.language),
                },
                {
                  key: 'source',
                  label: t('legal.admin.source'),
                  children: <SourceTag isDefault={document.is_default} />,
                },
                {
                  key: 'note',
                  label: t('legal.admin.changeNote'),
                  children: document.change_note || '—',
                },
              ]}
            />
            <Button style={{ marginTop: 12 }} onClick={() => setReading(true)}>
              {t('legal.admin.viewText')}
            </Button>
            <LegalDocumentModal kind={kind} open={reading} onClose={() => setReading(false)} />
          </>
        )}
      </Card>
      <VersionHistory kind={kind} />
      {canEdit ? <PublishLegalForm kind={kind} current={document} /> : null}
    </Space>
  );
}

type Props = {
  kind: LegalKind;
  /** Super admins publish; other operators read. */
  canEdit: boolean;
  onKindChange: (kind: LegalKind) => void;
};

/**
 * 平台管理 → 法律文本: the legal statement, the privacy policy and the charter, one tab each
 * (`kind` in the address).
 */
export function LegalAdmin({ kind, canEdit, onKindChange }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Paragraph type="secondary">{t('legal.admin.intro')}</Typography.Paragraph>
      {canEdit ? null : (
        <Typography.Paragraph type="secondary">{t('legal.admin.readOnly')}</Typography.Paragraph>
      )}
      <Tabs
        activeKey={kind}
        onChange={(next) => onKindChange(next as LegalKind)}
        items={legalKinds.map((each) => ({
          key: each,
          label: t(`legal.names.${each}`),
          children: <LegalKindAdmin kind={each} canEdit={canEdit} />,
        }))}
      />
    </>
  );
}
