import { App, Button, Modal, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { formatDateTime } from '@/utils/format-date';

import { useWebhookDeliveries, type WebhookDelivery } from '../api/get-webhook-deliveries';
import type { WebhookEndpoint } from '../api/get-webhooks';
import { useRedeliverWebhook } from '../api/redeliver-webhook';
import { eventKey } from '../catalog';

const statusColors: Record<string, string> = {
  pending: 'processing',
  succeeded: 'success',
  failed: 'error',
};

/** The body as sent, indented when it is JSON (it always is, but show it either way). */
function pretty(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

type Props = { orgId: string; endpoint: WebhookEndpoint; onClose: () => void };

/** 投递记录 of one endpoint (owner): newest first, a row opens its payload; redeliver any. */
export function WebhookDeliveriesModal({ orgId, endpoint, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const deliveries = useWebhookDeliveries(orgId, endpoint.id, page);
  const redeliver = useRedeliverWebhook(orgId, endpoint.id);
  const [actionError, setActionError] = useState<unknown>(null);

  const columns: ColumnsType<WebhookDelivery> = [
    {
      key: 'event',
      title: t('integrators.deliveries.event'),
      render: (_, delivery) => (
        <Typography.Text code title={t(eventKey(delivery.event), { defaultValue: '' })}>
          {delivery.event}
        </Typography.Text>
      ),
    },
    {
      key: 'status',
      title: t('integrators.deliveries.status'),
      render: (_, delivery) => (
        <Tag color={statusColors[delivery.status]}>
          {t(`integrators.deliveries.statuses.${delivery.status}`, {
            defaultValue: delivery.status,
          })}
        </Tag>
      ),
    },
    {
      key: 'attempts',
      title: t('integrators.deliveries.attempts'),
      align: 'right',
      dataIndex: 'attempts',
    },
    {
      key: 'lastStatus',
      title: t('integrators.deliveries.lastStatus'),
      render: (_, delivery) => delivery.last_status_code ?? '—',
    },
    {
      key: 'lastError',
      title: t('integrators.deliveries.lastError'),
      render: (_, delivery) =>
        delivery.last_error ? (
          <Typography.Text type="danger" style={{ maxWidth: 220, display: 'inline-block' }}>
            {delivery.last_error}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      key: 'time',
      title: t('integrators.deliveries.time'),
      render: (_, delivery) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(delivery.created_at, i18n.language)}
        </span>
      ),
    },
    {
      key: 'actions',
      title: t('integrators.deliveries.actions'),
      render: (_, delivery) => (
        <Button
          type="link"
          size="small"
          style={{ paddingInline: 0 }}
          loading={redeliver.isPending && redeliver.variables === delivery.id}
          onClick={() =>
            redeliver.mutate(delivery.id, {
              onSuccess: () => {
                setActionError(null);
                void message.success(t('integrators.deliveries.redelivered'));
              },
              onError: setActionError,
            })
          }
        >
          {t('integrators.deliveries.redeliver')}
        </Button>
      ),
    },
  ];

  return (
    <Modal
      open
      width={960}
      title={t('integrators.deliveries.title')}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('integrators.deliveries.close')}</Button>}
    >
      <Typography.Paragraph type="secondary" style={{ wordBreak: 'break-all' }}>
        {endpoint.url}
      </Typography.Paragraph>
      <ProblemAlert error={actionError ?? (deliveries.isError ? deliveries.error : null)} />
      <Table<WebhookDelivery>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={deliveries.data?.items}
        loading={deliveries.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('integrators.deliveries.empty') }}
        expandable={{
          expandedRowRender: (delivery) => (
            <>
              <Typography.Text type="secondary">
                {t('integrators.deliveries.payload')}
              </Typography.Text>
              <pre
                className="integrator-payload"
                style={{ margin: 0, maxWidth: 640, overflowX: 'auto' }}
              >
                {pretty(delivery.payload)}
              </pre>
            </>
          ),
        }}
        pagination={{
          current: page,
          pageSize: deliveries.data?.page_size ?? 20,
          total: deliveries.data?.total ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          onChange: setPage,
        }}
      />
    </Modal>
  );
}
