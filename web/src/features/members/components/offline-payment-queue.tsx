import {
  CheckOutlined,
  CloseOutlined,
  DownloadOutlined,
  FileImageOutlined,
} from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Modal,
  Popconfirm,
  Segmented,
  Space,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { AuditorNote } from '@/components/auditor-note';
import { ProblemAlert } from '@/components/problem-alert';
import { env } from '@/config/env';
import { useFormProblem } from '@/hooks/use-form-problem';
import { useTableScrollX } from '@/hooks/use-table-scroll-x';
import { formatDateTime } from '@/utils/format-date';
import { formatFen } from '@/utils/format-money';

import { useDecidePayment } from '../api/decide-payment';
import { useDownloadAdminReceipt } from '../api/download-receipt';
import { useAdminPayments, type PaymentFilter } from '../api/get-admin-payments';
import type { Payment } from '../api/get-payments';

const statuses = ['submitted', 'flagged', 'confirmed', 'rejected'] as const;
/** Why the server held an online payment for review (`Payment.flag_reason`). */
const flagReasons: readonly string[] = [
  'amount_mismatch',
  'app_mismatch',
  'duplicate_payment',
  'currency_mismatch',
];

/** An offline voucher whose amount is not the year's fee: confirmed only knowingly. */
function differsFromFee(payment: Payment): boolean {
  return payment.channel === 'offline' && payment.fee_fen !== payment.amount_fen;
}

/** Media URLs are paths on the API server (`/media/{id}?…`); the SPA may be served elsewhere. */
function absolute(url: string): string {
  return /^https?:\/\//.test(url) ? url : `${env.apiBaseUrl}${url}`;
}

type Props = {
  filter: PaymentFilter;
  onFilterChange: (filter: PaymentFilter) => void;
  /** An auditor's view: the queue without confirm and reject. */
  readOnly?: boolean;
};

/**
 * 线下缴费确认: offline payments awaiting an admin, with the voucher to check against the bank
 * statement; confirm (a receipt is issued) or reject with a reason the member reads. Its
 * 待核查 segment holds online payments whose gateway notification did not match the order
 * (amount, merchant or app, or a second payment of a settled year): once the merchant
 * platform shows the money arrived, confirm (paid, a receipt is issued), or close it.
 */
export function OfflinePaymentQueue({ filter, onFilterChange, readOnly = false }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queue = useAdminPayments(filter);
  const decide = useDecidePayment();
  const [rejecting, setRejecting] = useState<Payment | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const { formError, report, clear } = useFormProblem(form, ['reason']);
  const [differing, setDiffering] = useState<Payment | null>(null);
  const [differenceForm] = Form.useForm<{ accept_amount_difference: boolean; note: string }>();
  const difference = useFormProblem(differenceForm, ['accept_amount_difference', 'note']);
  const receipt = useDownloadAdminReceipt();

  const unitYear = (payment: Payment) =>
    t('membership.admin.paymentOf', { name: payment.unit_name, year: payment.year });
  const flagged = filter.status === 'flagged';
  const amountOf = (payment: Payment) => formatFen(payment.amount_fen, i18n.language);
  const feeOf = (payment: Payment) =>
    payment.fee_fen == null ? null : formatFen(payment.fee_fen, i18n.language);
  const differenceOf = (payment: Payment) =>
    payment.fee_fen == null ? '—' : formatFen(payment.amount_fen - payment.fee_fen, i18n.language);
  // A held online payment is closed rather than rejected: no member fixes and resubmits it.
  const rejectText = t(flagged ? 'membership.admin.closePayment' : 'membership.admin.reject');

  const confirm = (payment: Payment) =>
    decide.mutateAsync({ paymentId: payment.id, body: { decision: 'confirm' } }).then(() => {
      setActionError(null);
      void message.success(
        t(flagged ? 'membership.admin.flaggedConfirmed' : 'membership.admin.confirmed'),
      );
    }, setActionError);

  // Widths that fit the console at 1280 px (880 px in all, in every segment) with 确认 / 驳回
  // pinned on the right; the state is the segment above, so no column repeats it.
  const offlineColumns: ColumnsType<Payment> = [
    { key: 'paid_on', title: t('membership.offline.paidOn'), dataIndex: 'paid_on', width: 100 },
    {
      key: 'payer',
      title: `${t('membership.offline.payerAccount')} / ${t('membership.offline.bankSerial')}`,
      // Confirmed payments show the note and the receipt instead, from 1600 px beside them.
      responsive: filter.status === 'confirmed' ? ['xxl'] : ['md'],
      width: 150,
      render: (_, payment) => (
        <div className="cell-lines">
          <span title={payment.payer_account ?? undefined}>{payment.payer_account ?? '—'}</span>
          <Typography.Text type="secondary" title={payment.bank_serial ?? undefined}>
            {payment.bank_serial ?? '—'}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'voucher',
      title: t('membership.offline.voucher'),
      width: 100,
      render: (_, payment) =>
        payment.voucher_url ? (
          <Typography.Link
            href={absolute(payment.voucher_url)}
            target="_blank"
            rel="noopener noreferrer"
          >
            <FileImageOutlined aria-hidden /> {t('membership.admin.viewVoucher')}
          </Typography.Link>
        ) : (
          '—'
        ),
    },
  ];
  const onlineColumns: ColumnsType<Payment> = [
    {
      key: 'channel',
      title: t('membership.payments.channel'),
      width: 100,
      render: (_, payment) =>
        t(`membership.channels.${payment.channel}`, { defaultValue: payment.channel }),
    },
    {
      key: 'out_trade_no',
      title: t('membership.admin.outTradeNo'),
      width: 140,
      render: (_, payment) => (
        <Typography.Text
          ellipsis={payment.out_trade_no ? { tooltip: payment.out_trade_no } : false}
          copyable={payment.out_trade_no ? { text: payment.out_trade_no } : false}
          style={{ maxWidth: '100%' }}
        >
          {payment.out_trade_no ?? '—'}
        </Typography.Text>
      ),
    },
    {
      key: 'flag_reason',
      title: t('membership.admin.flagReason'),
      width: 110,
      render: (_, payment) =>
        payment.flag_reason ? (
          <Typography.Text type="warning">
            {flagReasons.includes(payment.flag_reason)
              ? t(`membership.admin.flagReasons.${payment.flag_reason}`)
              : payment.flag_reason}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];

  const columns: ColumnsType<Payment> = [
    {
      key: 'unit',
      title: t('membership.fields.unitName'),
      dataIndex: 'unit_name',
      width: 140,
      // Wrapped, never cut: the name is what the operator checks against the bank statement.
      className: 'cell-wrap',
    },
    {
      key: 'year',
      title: t('membership.dues.year'),
      width: 90,
      render: (_, payment) => t('membership.dues.yearName', { year: payment.year }),
    },
    {
      key: 'amount',
      title: t('membership.dues.amount'),
      width: 130,
      render: (_, payment) =>
        differsFromFee(payment) ? (
          <div className="cell-lines">
            <Typography.Text type="danger">{amountOf(payment)}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {feeOf(payment) === null
                ? t('membership.admin.noFee')
                : t('membership.admin.feeDiffers', {
                    fee: feeOf(payment),
                    difference: differenceOf(payment),
                  })}
            </Typography.Text>
          </div>
        ) : (
          amountOf(payment)
        ),
    },
    ...(flagged ? onlineColumns : offlineColumns),
    {
      key: 'submitted',
      title: t('membership.admin.submittedAt'),
      responsive: ['xxl'],
      width: 160,
      render: (_, payment) => formatDateTime(payment.created_at, i18n.language),
    },
  ];
  if ((filter.status === 'submitted' || flagged) && !readOnly) {
    columns.push({
      key: 'actions',
      title: t('membership.dues.actions'),
      fixed: 'right',
      width: 170,
      render: (_, payment) => (
        <Space wrap size={4}>
          {differsFromFee(payment) ? (
            <Button
              size="small"
              type="primary"
              icon={<CheckOutlined aria-hidden />}
              aria-label={`${t('membership.admin.confirm')} ${unitYear(payment)}`}
              onClick={() => setDiffering(payment)}
            >
              {t('membership.admin.confirm')}
            </Button>
          ) : (
            <Popconfirm
              title={t(
                flagged ? 'membership.admin.flaggedConfirmTitle' : 'membership.admin.confirmTitle',
              )}
              description={
                <Typography.Paragraph style={{ maxWidth: 320, marginBottom: 0 }}>
                  {flagged
                    ? t('membership.admin.flaggedConfirmText', {
                        amount: amountOf(payment),
                        no: payment.out_trade_no ?? '—',
                      })
                    : t('membership.admin.confirmText', { amount: amountOf(payment) })}
                </Typography.Paragraph>
              }
              okText={t('membership.admin.confirm')}
              cancelText={t('membership.cancel')}
              onConfirm={() => confirm(payment)}
            >
              <Button
                size="small"
                type="primary"
                icon={<CheckOutlined aria-hidden />}
                aria-label={`${t('membership.admin.confirm')} ${unitYear(payment)}`}
              >
                {t('membership.admin.confirm')}
              </Button>
            </Popconfirm>
          )}
          <Button
            size="small"
            danger
            icon={<CloseOutlined aria-hidden />}
            aria-label={`${rejectText} ${unitYear(payment)}`}
            onClick={() => setRejecting(payment)}
          >
            {rejectText}
          </Button>
        </Space>
      ),
    });
  } else if (filter.status === 'confirmed') {
    columns.push(
      {
        key: 'note',
        title: t('membership.admin.confirmNote'),
        dataIndex: 'confirm_note',
        width: 160,
        ellipsis: true,
        render: (note: string | null) => note ?? '—',
      },
      {
        key: 'receipt',
        title: t('membership.admin.receipt'),
        fixed: 'right',
        width: 120,
        render: (_, payment) =>
          payment.receipt_no ? (
            <Button
              size="small"
              icon={<DownloadOutlined aria-hidden />}
              loading={receipt.isPending && receipt.variables === payment.id}
              aria-label={`${t('membership.admin.downloadReceipt')} ${unitYear(payment)}`}
              onClick={() => receipt.mutate(payment.id, { onError: setActionError })}
            >
              {t('membership.admin.downloadReceipt')}
            </Button>
          ) : (
            '—'
          ),
      },
    );
  } else if (filter.status === 'rejected') {
    columns.push({
      key: 'reason',
      title: t('membership.admin.reason'),
      dataIndex: 'reject_reason',
      width: 170,
      ellipsis: true,
    });
  }

  const scrollX = useTableScrollX(columns);

  return (
    <Card
      title={t('membership.admin.paymentsTitle')}
      extra={
        <Segmented
          aria-label={t('membership.dues.status')}
          value={filter.status}
          options={statuses.map((status) => ({
            value: status,
            label: t(`membership.statuses.payment.${status}`),
          }))}
          onChange={(status) => onFilterChange({ ...filter, status, page: 1 })}
        />
      }
    >
      {readOnly && <AuditorNote style={{ marginBottom: 16 }} />}
      <ProblemAlert error={actionError ?? (queue.isError ? queue.error : null)} />
      <Table<Payment>
        rowKey="id"
        columns={columns}
        dataSource={queue.data?.items}
        loading={queue.isFetching}
        size="middle"
        scroll={{ x: scrollX }}
        locale={{
          emptyText: t(
            filter.status === 'submitted'
              ? 'membership.admin.emptyPayments'
              : flagged
                ? 'membership.admin.emptyFlagged'
                : 'membership.admin.empty',
          ),
        }}
        pagination={{
          current: filter.page,
          pageSize: filter.page_size,
          total: queue.data?.total ?? 0,
          showTotal: (total) => t('membership.admin.total', { total }),
          onChange: (page, pageSize) =>
            onFilterChange({
              ...filter,
              page: pageSize === filter.page_size ? page : 1,
              page_size: pageSize,
            }),
        }}
      />
      <Modal
        open={differing !== null}
        title={t('membership.admin.differenceTitle')}
        okText={t('membership.admin.confirm')}
        cancelText={t('membership.cancel')}
        confirmLoading={decide.isPending}
        onOk={() => differenceForm.submit()}
        onCancel={() => setDiffering(null)}
        destroyOnHidden
      >
        <Form<{ accept_amount_difference: boolean; note: string }>
          form={differenceForm}
          name="payment-difference"
          layout="vertical"
          onFinish={({ accept_amount_difference, note }) => {
            if (!differing) return;
            difference.clear();
            decide.mutate(
              {
                paymentId: differing.id,
                body: { decision: 'confirm', accept_amount_difference, note: note.trim() },
              },
              {
                onSuccess: () => {
                  void message.success(t('membership.admin.confirmed'));
                  setDiffering(null);
                },
                onError: difference.report,
              },
            );
          }}
        >
          {differing && (
            <>
              <Typography.Paragraph>{unitYear(differing)}</Typography.Paragraph>
              <Typography.Paragraph type="warning">
                {t('membership.admin.differenceText', {
                  amount: amountOf(differing),
                  fee: feeOf(differing) ?? '—',
                  difference: differenceOf(differing),
                })}
              </Typography.Paragraph>
            </>
          )}
          <Form.Item
            name="accept_amount_difference"
            valuePropName="checked"
            rules={[
              {
                validator: (_, value) =>
                  value
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('membership.admin.acceptDifferenceRequired'))),
              },
            ]}
          >
            <Checkbox>{t('membership.admin.acceptDifference')}</Checkbox>
          </Form.Item>
          <Form.Item
            name="note"
            label={t('membership.admin.differenceNote')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('membership.admin.differenceNoteRequired'),
              },
            ]}
          >
            <Input.TextArea maxLength={200} showCount autoSize={{ minRows: 2, maxRows: 5 }} />
          </Form.Item>
          <ProblemAlert error={difference.formError} />
        </Form>
      </Modal>
      <Modal
        open={rejecting !== null}
        title={t(
          flagged ? 'membership.admin.closeFlaggedTitle' : 'membership.admin.rejectPaymentTitle',
        )}
        okText={rejectText}
        okButtonProps={{ danger: true }}
        cancelText={t('membership.cancel')}
        confirmLoading={decide.isPending}
        onOk={() => form.submit()}
        onCancel={() => setRejecting(null)}
        destroyOnHidden
      >
        <Form<{ reason: string }>
          form={form}
          name="payment-reject"
          layout="vertical"
          onFinish={({ reason }) => {
            if (!rejecting) return;
            clear();
            decide.mutate(
              { paymentId: rejecting.id, body: { decision: 'reject', reason: reason.trim() } },
              {
                onSuccess: () => {
                  void message.success(
                    t(
                      flagged
                        ? 'membership.admin.flaggedClosed'
                        : 'membership.admin.paymentRejected',
                    ),
                  );
                  setRejecting(null);
                },
                onError: report,
              },
            );
          }}
        >
          {rejecting && <Typography.Paragraph>{unitYear(rejecting)}</Typography.Paragraph>}
          {rejecting && flagged && (
            <Typography.Paragraph type="secondary">
              {t('membership.admin.closeFlaggedText', {
                amount: amountOf(rejecting),
                no: rejecting.out_trade_no ?? '—',
              })}
            </Typography.Paragraph>
          )}
          <Form.Item
            name="reason"
            label={t(flagged ? 'membership.admin.closeReason' : 'membership.admin.reason')}
            extra={t('membership.admin.reasonHint')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t(
                  flagged
                    ? 'membership.admin.closeReasonRequired'
                    : 'membership.admin.reasonRequired',
                ),
              },
            ]}
          >
            <Input.TextArea maxLength={200} showCount autoSize={{ minRows: 3, maxRows: 6 }} />
          </Form.Item>
          <ProblemAlert error={formError} />
        </Form>
      </Modal>
    </Card>
  );
}
