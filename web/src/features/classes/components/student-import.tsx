import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Progress, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';

import { downloadImportErrors, downloadStudentTemplate, useDownload } from '../api/download-files';
import { useImportStudents, type ImportOutcome } from '../api/import-students';

const maxBytes = 10 * 1024 * 1024;
const successColor = '#52c41a';
const failureColor = '#ff4d4f';

type Props = { orgId: string; classId: string; onClose: () => void };

function Outcome({
  orgId,
  classId,
  outcome,
}: {
  orgId: string;
  classId: string;
  outcome: ImportOutcome;
}) {
  const { t } = useTranslation();
  const download = useDownload();
  const percent =
    outcome.total_rows > 0 ? Math.round((outcome.imported / outcome.total_rows) * 100) : 0;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {/* Successes green and failures red, side by side: never one red bar for "6/13". */}
      <Progress
        percent={outcome.total_rows > 0 ? 100 : 0}
        success={{ percent, strokeColor: successColor }}
        strokeColor={failureColor}
        showInfo={false}
        aria-label={t('classes.import.progress')}
        aria-valuetext={`${t('classes.import.succeeded', { count: outcome.imported })}, ${t('classes.import.failed', { count: outcome.failed })}`}
      />
      <Space size={4} wrap>
        <Tag color="success">{t('classes.import.succeeded', { count: outcome.imported })}</Tag>
        {outcome.failed > 0 && (
          <Tag color="error">{t('classes.import.failed', { count: outcome.failed })}</Tag>
        )}
      </Space>
      <Alert
        type={outcome.failed > 0 ? 'warning' : 'success'}
        showIcon
        title={t('classes.import.done', {
          total: outcome.total_rows,
          imported: outcome.imported,
          failed: outcome.failed,
        })}
        description={outcome.failed > 0 ? t('classes.import.failedHint') : undefined}
      />
      {/* The first visible sheet is read: its name shows when another one was meant. */}
      <Typography.Text type="secondary">
        {t('classes.import.sheet', { sheet: outcome.sheet })}
      </Typography.Text>
      {outcome.errors.length > 0 && (
        <>
          <Table
            rowKey="row"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content', y: 240 }}
            dataSource={outcome.errors}
            columns={[
              { key: 'row', title: t('classes.import.row'), dataIndex: 'row', width: 72 },
              {
                key: 'messages',
                title: t('classes.import.reason'),
                render: (_, error) => error.messages.join('；'),
              },
            ]}
          />
          {outcome.failed > outcome.errors.length && (
            <Typography.Text type="secondary">
              {t('classes.import.moreInReport', { count: outcome.failed - outcome.errors.length })}
            </Typography.Text>
          )}
          <ProblemAlert error={download.error} />
          <Button
            icon={<DownloadOutlined aria-hidden />}
            loading={download.isPending}
            onClick={() =>
              download.mutate(() =>
                downloadImportErrors({
                  org_id: orgId,
                  class_id: classId,
                  import_id: outcome.import_id,
                }),
              )
            }
          >
            {t('classes.import.errorReport')}
          </Button>
        </>
      )}
    </Space>
  );
}

/**
 * 批量导入: pick an xlsx of the template, upload it, and read the outcome — valid rows are
 * added (all or none), invalid rows are listed with their reasons and downloadable.
 */
export function StudentImport({ orgId, classId, onClose }: Props) {
  const { t } = useTranslation();
  const importing = useImportStudents(orgId, classId);
  const template = useDownload();
  const [file, setFile] = useState<File | null>(null);
  const [tooLarge, setTooLarge] = useState(false);

  if (importing.data) {
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Outcome orgId={orgId} classId={classId} outcome={importing.data} />
        <Space wrap>
          <Button
            onClick={() => {
              importing.reset();
              setFile(null);
            }}
          >
            {t('classes.import.again')}
          </Button>
          <Button type="primary" onClick={onClose}>
            {t('classes.import.close')}
          </Button>
        </Space>
      </Space>
    );
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('classes.import.text')}
      </Typography.Paragraph>
      <Button
        icon={<DownloadOutlined aria-hidden />}
        loading={template.isPending}
        onClick={() => template.mutate(downloadStudentTemplate)}
      >
        {t('classes.import.template')}
      </Button>
      <ProblemAlert error={template.error} />
      <Upload.Dragger
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        multiple={false}
        maxCount={1}
        disabled={importing.isPending}
        fileList={file ? [{ uid: 'picked', name: file.name, size: file.size, status: 'done' }] : []}
        onRemove={() => setFile(null)}
        beforeUpload={(picked) => {
          setTooLarge(picked.size > maxBytes);
          setFile(picked.size > maxBytes ? null : picked);
          importing.reset();
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined aria-hidden />
        </p>
        <p className="ant-upload-text">{t('classes.import.pick')}</p>
        <p className="ant-upload-hint">{t('classes.import.pickHint')}</p>
      </Upload.Dragger>
      {tooLarge && <Alert type="error" showIcon title={t('classes.import.tooLarge')} />}
      {importing.isPending && (
        <div role="status">
          <Progress percent={100} status="active" showInfo={false} />
          <Typography.Text type="secondary">{t('classes.import.working')}</Typography.Text>
        </div>
      )}
      <ProblemAlert error={importing.error} />
      <Space wrap>
        <Button
          type="primary"
          disabled={!file}
          loading={importing.isPending}
          onClick={() => file && importing.mutate(file)}
        >
          {t('classes.import.submit')}
        </Button>
        <Button onClick={onClose}>{t('classes.cancel')}</Button>
      </Space>
    </Space>
  );
}
