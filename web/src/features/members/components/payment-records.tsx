import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import type { MediaInput } from '@/lib/media-input';
import { formatDateTime } from '@/utils/format-date';
import { formatFen } from '@/utils/format-money';

import { useDeleteOfflinePayment } from '../api/delete-offline-payment';
import { useDownloadReceipt } from '../api/download-receipt';
import { usePayments, type Payment } from '../api/get-payments';
import { isEditableOffline } from '../format';
import { OfflinePaymentModal } from './offline-payment-modal';
import { StatusTag } from './status-tag';

/**
 * 缴费记录 / 缴费管理: every payment, online and offline, newest first — channel, amount, state
 * and time; a settled one has its receipt (PDF). Offline ones not yet confirmed can be
 * changed or withdrawn (after a confirmation).
 */
export function PaymentRecords({
  orgId,
  canManage,
  MediaInput,
}: {
  orgId: string;
  canManage: boolean;
  MediaInput: MediaInput;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [page, setPage] = useState({ page: 1, page_size: 10 });
  const payments = usePayments(orgId, page);
  const withdraw = useDeleteOfflinePayment(orgId);
  const receipt = useDownloadReceipt(orgId);
  const [editing, setEditing] = useState<Payment | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const columns: ColumnsType<Payment> = [
    {
      key: 'year',
      title: t('membership.dues.year'),
      render: (_, payment) => t('membership.dues.yearName', { year: payment.year }),
    },
    {
      key: 'channel',
      title: t('membership.payments.channel'),
      render: (_, payment) =>
        t(`membership.channels.${payment.channel}`, { defaultValue: payment.channel }),
    },
    {
      key: 'amount',
      title: t('membership.dues.amount'),
      render: (_, payment) => formatFen(payment.amount_fen, i18n.language),
    },
    {
      key: 'status',
      title: t('membership.dues.status'),
      render: (_, payment) => (
        <Space orientation="vertical" size={0}>
          <StatusTag kind="payment" status={payment.status} />
          {payment.reject_reason && (
            <Typography.Text type="danger">
              {t('membership.payments.rejectReason', { reason: payment.reject_reason })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      key: 'time',
      title: t('membership.payments.time'),
      responsive: ['md'],
      render: (_, payment) =>
        formatDateTime(payment.settled_at ?? payment.created_at, i18n.language),
    },
    {
      key: 'actions',
      title: t('membership.dues.actions'),
      render: (_, payment) => (
        <Space wrap size={4}>
          {payment.receipt_no && (
            <Button
              size="small"
              icon={<DownloadOutlined aria-hidden />}
              loading={receipt.isPending && receipt.variables === payment.id}
              aria-label={t('membership.payments.receiptOf', { year: payment.year })}
              onClick={() =>
                receipt.mutate(payment.id, {
                  onSuccess: () => setActionError(null),
                  onError: setActionError,
                })
              }
            >
              {t('membership.payments.receipt')}
            </Button>
          )}
          {canManage && isEditableOffline(payment) && (
            <>
              <Button size="small" onClick={() => setEditing(payment)}>
                {t('membership.payments.edit')}
              </Button>
              <Popconfirm
                title={t('membership.payments.withdrawTitle')}
                description={t('membership.payments.withdrawText', {
                  year: payment.year,
                  amount: formatFen(payment.amount_fen, i18n.language),
                })}
                okText={t('membership.payments.withdraw')}
                okButtonProps={{ danger: true }}
                cancelText={t('membership.cancel')}
                onConfirm={() =>
                  withdraw.mutateAsync(payment.id).then(() => {
                    setActionError(null);
                    void message.success(t('membership.payments.withdrawn'));
                  }, setActionError)
                }
              >
                <Button size="small" danger>
                  {t('membership.payments.withdraw')}
                </Button>
              </Popconfirm>
            </>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <ProblemAlert error={actionError ?? (payments.isError ? payments.error : null)} />
      <Table<Payment>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={payments.data?.items}
        loading={payments.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('membership.payments.empty') }}
        pagination={{
          current: page.page,
          pageSize: page.page_size,
          total: payments.data?.total ?? 0,
          hideOnSinglePage: true,
          onChange: (next, size) =>
            setPage({ page: size === page.page_size ? next : 1, page_size: size }),
        }}
      />
      {editing && (
        <OfflinePaymentModal
          orgId={orgId}
          years={[{ year: editing.year, amount_fen: editing.amount_fen, status: 'unpaid' }]}
          payment={editing}
          open
          onClose={() => setEditing(null)}
          MediaInput={MediaInput}
        />
      )}
    </Space>
  );
}
