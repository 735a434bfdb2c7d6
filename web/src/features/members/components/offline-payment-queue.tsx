import { CheckOutlined, CloseOutlined, FileImageOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
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

import { ProblemAlert } from '@/components/problem-alert';
import { env } from '@/config/env';
import { useFormProblem } from '@/hooks/use-form-problem';
import { formatDateTime } from '@/utils/format-date';
import { formatFen } from '@/utils/format-money';

import { useDecidePayment } from '../api/decide-payment';
import { useAdminPayments, type PaymentFilter } from '../api/get-admin-payments';
import type { Payment } from '../api/get-payments';
import { StatusTag } from './status-tag';

const statuses = ['submitted', 'confirmed', 'rejected'] as const;

/** Media URLs are paths on the API server (`/media/{id}?…`); the SPA may be served elsewhere. */
function absolute(url: string): string {
  return /^https?:\/\//.test(url) ? url : `${env.apiBaseUrl}${url}`;
}

type Props = { filter: PaymentFilter; onFilterChange: (filter: PaymentFilter) => void };

/**
 * 线下缴费确认: offline payments awaiting an admin, with the voucher to check against the bank
 * statement; confirm (a receipt is issued) or reject with a reason the member reads.
 */
export function OfflinePaymentQueue({ filter, onFilterChange }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queue = useAdminPayments(filter);
  const decide = useDecidePayment();
  const [rejecting, setRejecting] = useState<Payment | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const { formError, report, clear } = useFormProblem(form, ['reason']);

  const unitYear = (payment: Payment) =>
    t('membership.admin.paymentOf', { name: payment.unit_name, year: payment.year });

  const columns: ColumnsType<Payment> = [
    { key: 'unit', title: t('membership.fields.unitName'), dataIndex: 'unit_name' },
    {
      key: 'year',
      title: t('membership.dues.year'),
      render: (_, payment) => t('membership.dues.yearName', { year: payment.year }),
    },
    {
      key: 'amount',
      title: t('membership.dues.amount'),
      render: (_, payment) => formatFen(payment.amount_fen, i18n.language),
    },
    { key: 'paid_on', title: t('membership.offline.paidOn'), dataIndex: 'paid_on' },
    {
      key: 'payer',
      title: t('membership.offline.payerAccount'),
      dataIndex: 'payer_account',
      responsive: ['md'],
    },
    {
      key: 'serial',
      title: t('membership.offline.bankSerial'),
      dataIndex: 'bank_serial',
      responsive: ['md'],
    },
    {
      key: 'voucher',
      title: t('membership.offline.voucher'),
      render: (_, payment) =>
        payment.voucher_url ? (
          <Typography.Link
            href={absolute(payment.voucher_url)}
            target="_blank"
            rel="noopener noreferrer"
          >
            <FileImageOutlined /> {t('membership.admin.viewVoucher')}
          </Typography.Link>
        ) : (
          '—'
        ),
    },
    {
      key: 'submitted',
      title: t('membership.admin.submittedAt'),
      responsive: ['lg'],
      render: (_, payment) => formatDateTime(payment.created_at, i18n.language),
    },
    {
      key: 'status',
      title: t('membership.dues.status'),
      render: (_, payment) => <StatusTag kind="payment" status={payment.status} />,
    },
  ];
  if (filter.status === 'submitted') {
    columns.push({
      key: 'actions',
      title: t('membership.dues.actions'),
      render: (_, payment) => (
        <Space wrap size={4}>
          <Popconfirm
            title={t('membership.admin.confirmTitle')}
            description={t('membership.admin.confirmText', {
              amount: formatFen(payment.amount_fen, i18n.language),
            })}
            okText={t('membership.admin.confirm')}
            cancelText={t('membership.cancel')}
            onConfirm={() =>
              decide
                .mutateAsync({ paymentId: payment.id, body: { decision: 'confirm' } })
                .then(() => {
                  setActionError(null);
                  void message.success(t('membership.admin.confirmed'));
                }, setActionError)
            }
          >
            <Button
              size="small"
              type="primary"
              icon={<CheckOutlined />}
              aria-label={`${t('membership.admin.confirm')} ${unitYear(payment)}`}
            >
              {t('membership.admin.confirm')}
            </Button>
          </Popconfirm>
          <Button
            size="small"
            danger
            icon={<CloseOutlined />}
            aria-label={`${t('membership.admin.reject')} ${unitYear(payment)}`}
            onClick={() => setRejecting(payment)}
          >
            {t('membership.admin.reject')}
          </Button>
        </Space>
      ),
    });
  } else if (filter.status === 'rejected') {
    columns.push({
      key: 'reason',
      title: t('membership.admin.reason'),
      dataIndex: 'reject_reason',
    });
  }

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
      <ProblemAlert error={actionError ?? (queue.isError ? queue.error : null)} />
      <Table<Payment>
        rowKey="id"
        columns={columns}
        dataSource={queue.data?.items}
        loading={queue.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: t(
            filter.status === 'submitted'
              ? 'membership.admin.emptyPayments'
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
        open={rejecting !== null}
        title={t('membership.admin.rejectPaymentTitle')}
        okText={t('membership.admin.reject')}
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
                  void message.success(t('membership.admin.paymentRejected'));
                  setRejecting(null);
                },
                onError: report,
              },
            );
          }}
        >
          {rejecting && <Typography.Paragraph>{unitYear(rejecting)}</Typography.Paragraph>}
          <Form.Item
            name="reason"
            label={t('membership.admin.reason')}
            extra={t('membership.admin.reasonHint')}
            rules={[
              { required: true, whitespace: true, message: t('membership.admin.reasonRequired') },
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
