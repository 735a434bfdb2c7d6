import { App, Button, Card, Input, Modal, Segmented, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { AuditorNote } from '@/components/auditor-note';
import { ProblemAlert } from '@/components/problem-alert';
import { useTableScrollX } from '@/hooks/use-table-scroll-x';
import { formatDateTime } from '@/utils/format-date';
import { formatFen } from '@/utils/format-money';

import { useDecideSubsidyApplication } from '../api/decide-subsidy-application';
import type { SubsidyApplication } from '../api/get-subsidy-application';
import { useSubsidyApplications, type ReviewStatus } from '../api/get-subsidy-applications';
import { formatHours } from '../format';
import { SubsidyStatusTag } from './subsidy-status-tag';

const pageSize = 20;

type Deciding = { application: SubsidyApplication; decision: 'approve' | 'reject' };

function DecisionModal({ deciding, onClose }: { deciding: Deciding | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const decide = useDecideSubsidyApplication();
  const [note, setNote] = useState('');
  const [missingNote, setMissingNote] = useState(false);
  const reject = deciding?.decision === 'reject';

  function submit() {
    if (!deciding) return;
    const trimmed = note.trim();
    if (reject && trimmed === '') {
      setMissingNote(true);
      return;
    }
    decide.mutate(
      {
        applicationId: deciding.application.id,
        body: { decision: deciding.decision, note: trimmed === '' ? null : trimmed },
      },
      {
        onSuccess: () => {
          void message.success(
            reject ? t('subsidy.review.rejected') : t('subsidy.review.approved'),
          );
          onClose();
        },
      },
    );
  }

  return (
    <Modal
      open={deciding !== null}
      title={
        deciding &&
        (reject
          ? t('subsidy.review.rejectTitle', { name: deciding.application.class_name })
          : t('subsidy.review.approveTitle', { name: deciding.application.class_name }))
      }
      okText={reject ? t('subsidy.review.reject') : t('subsidy.review.approve')}
      okButtonProps={{ danger: reject, loading: decide.isPending }}
      cancelText={t('classes.cancel')}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(open) => {
        if (!open) {
          setNote('');
          setMissingNote(false);
          decide.reset();
        }
      }}
    >
      {deciding && (
        <Typography.Paragraph>
          {t('subsidy.review.summary', {
            org: deciding.application.org_name,
            count: deciding.application.qualified_count,
            amount: formatFen(deciding.application.amount_fen, i18n.language),
          })}
        </Typography.Paragraph>
      )}
      <label htmlFor="subsidy-note">
        {reject ? t('subsidy.review.noteRequired') : t('subsidy.review.noteOptional')}
      </label>
      <Input.TextArea
        id="subsidy-note"
        rows={3}
        maxLength={500}
        value={note}
        status={missingNote ? 'error' : undefined}
        onChange={(event) => {
          setNote(event.target.value);
          setMissingNote(false);
        }}
      />
      {missingNote && (
        <Typography.Text type="danger" role="alert">
          {t('subsidy.review.noteMissing')}
        </Typography.Text>
      )}
      <div style={{ marginTop: 12 }}>
        <ProblemAlert error={decide.error} />
      </div>
    </Modal>
  );
}

/**
 * 补贴申请审核: the queue by state, oldest first; approve, or reject with a required note.
 * An auditor (`readOnly`) reads the queue only.
 */
export function SubsidyReview({ readOnly = false }: { readOnly?: boolean }) {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<ReviewStatus>('pending');
  const [page, setPage] = useState(1);
  const [deciding, setDeciding] = useState<Deciding | null>(null);
  const applications = useSubsidyApplications(status, page, pageSize);

  const columns: ColumnsType<SubsidyApplication> = [
    // Widths that fit the console at 1280 px with 通过 / 驳回 pinned on the right: the amount
    // carries the head count and the rule beneath it.
    {
      key: 'class',
      title: t('subsidy.review.class'),
      width: 170,
      render: (_, a) => (
        <div className="cell-lines">
          <Typography.Text strong title={a.class_name}>
            {a.class_name}
          </Typography.Text>
          <Typography.Text type="secondary">{a.class_code}</Typography.Text>
        </div>
      ),
    },
    {
      key: 'org',
      title: t('subsidy.review.org'),
      dataIndex: 'org_name',
      width: 140,
      ellipsis: true,
    },
    {
      key: 'amount',
      title: t('classes.subsidy.amount'),
      width: 200,
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{formatFen(a.amount_fen, i18n.language)}</Typography.Text>
          <Typography.Text type="secondary">
            {t('subsidy.review.qualifiedOf', { count: a.qualified_count })}
          </Typography.Text>
          <Typography.Text type="secondary">
            {t('classes.subsidy.ruleText', {
              hours: formatHours(a.threshold_ms, i18n.language),
              amount: formatFen(a.amount_per_student_fen, i18n.language),
            })}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'applied',
      title: t('classes.subsidy.appliedAt'),
      width: 120,
      render: (_, a) => formatDateTime(a.applied_at, i18n.language),
    },
    {
      key: 'state',
      title: t('classes.subsidy.state'),
      width: 120,
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <SubsidyStatusTag status={a.status} />
          {a.note && <Typography.Text type="secondary">{a.note}</Typography.Text>}
        </Space>
      ),
    },
  ];
  if (status === 'pending' && !readOnly) {
    columns.push({
      key: 'actions',
      title: t('classes.fields.actions'),
      fixed: 'right',
      width: 140,
      render: (_, a) => (
        <Space wrap size={4}>
          <Button
            size="small"
            type="primary"
            aria-label={t('subsidy.review.approveOf', { name: a.class_name })}
            onClick={() => setDeciding({ application: a, decision: 'approve' })}
          >
            {t('subsidy.review.approve')}
          </Button>
          <Button
            size="small"
            danger
            aria-label={t('subsidy.review.rejectOf', { name: a.class_name })}
            onClick={() => setDeciding({ application: a, decision: 'reject' })}
          >
            {t('subsidy.review.reject')}
          </Button>
        </Space>
      ),
    });
  }

  const scrollX = useTableScrollX(columns);

  return (
    <Card title={t('subsidy.review.title')}>
      <Segmented<ReviewStatus>
        aria-label={t('classes.subsidy.state')}
        value={status}
        style={{ marginBottom: 16 }}
        onChange={(value) => {
          setStatus(value);
          setPage(1);
        }}
        options={[
          { value: 'pending', label: t('classes.subsidy.status.pending') },
          { value: 'approved', label: t('classes.subsidy.status.approved') },
          { value: 'rejected', label: t('classes.subsidy.status.rejected') },
        ]}
      />
      {readOnly && <AuditorNote style={{ marginBottom: 16 }} />}
      <ProblemAlert error={applications.isError ? applications.error : null} />
      <Table<SubsidyApplication>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={applications.data?.items}
        loading={applications.isPending}
        scroll={{ x: scrollX }}
        locale={{ emptyText: t('subsidy.review.empty') }}
        pagination={{
          current: page,
          pageSize,
          total: applications.data?.total ?? 0,
          hideOnSinglePage: true,
          showSizeChanger: false,
          onChange: setPage,
        }}
      />
      <DecisionModal deciding={deciding} onClose={() => setDeciding(null)} />
    </Card>
  );
}
