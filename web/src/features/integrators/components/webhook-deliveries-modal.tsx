import { ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Modal, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { formatDateTime } from '@/utils/format-date';

import { useWebhookDeliveries, type WebhookDelivery } from '../api/get-webhook-deliveries';
import type { WebhookEndpoint } from '../api/get-webhooks';
import { usePingWebhook } from '../api/ping-webhook';
import { useRedeliverWebhook } from '../api/redeliver-webhook';
import { eventLabel } from '../catalog';
import { deliveryStatusColors, WebhookDeliveryDrawer } from './webhook-delivery-drawer';

type Props = { orgId: string; endpoint: WebhookEndpoint; onClose: () => void };

/**
 * 投递记录 of one endpoint (owner): newest first, with the next retry of those still pending;
 * open one to see every attempt and its payload, redeliver any, or send a test event.
 */
export function WebhookDeliveriesModal({ orgId, endpoint, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const deliveries = useWebhookDeliveries(orgId, endpoint.id, page);
  const redeliver = useRedeliverWebhook(orgId, endpoint.id);
  const ping = usePingWebhook(orgId);
  const [opened, setOpened] = useState<WebhookDelivery | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const when = (iso: string) => formatDateTime(iso, i18n.language);

  const columns: ColumnsType<WebhookDelivery> = [
    {
      key: 'event',
      title: t('integrators.deliveries.event'),
      render: (_, delivery) => (
        <Space orientation="vertical" size={0} align="start">
          {/* The label opens the delivery too: on a phone 详情 is scrolled out of sight. */}
          <Button
            type="link"
            size="small"
            style={{ paddingInline: 0, height: 'auto' }}
            onClick={() => setOpened(delivery)}
          >
            {eventLabel(t, delivery.event)}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {delivery.event}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'status',
      title: t('integrators.deliveries.status'),
      render: (_, delivery) => (
        <Space orientation="vertical" size={2}>
          <Tag color={deliveryStatusColors[delivery.status]}>
            {t(`integrators.deliveries.statuses.${delivery.status}`, {
              defaultValue: delivery.status,
            })}
          </Tag>
          {delivery.status === 'pending' && delivery.next_attempt_at && (
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              {t('integrators.deliveries.nextAttempt', { time: when(delivery.next_attempt_at) })}
            </Typography.Text>
          )}
        </Space>
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
        <span style={{ whiteSpace: 'nowrap' }}>{when(delivery.created_at)}</span>
      ),
    },
    {
      key: 'actions',
      title: t('integrators.deliveries.actions'),
      render: (_, delivery) => (
        <Space size={12}>
          <Button
            type="link"
            size="small"
            style={{ paddingInline: 0 }}
            onClick={() => setOpened(delivery)}
          >
            {t('integrators.deliveries.details')}
          </Button>
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
        </Space>
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
      <Space wrap style={{ marginBottom: 16 }}>
        <Button
          icon={<SendOutlined aria-hidden />}
          loading={ping.isPending}
          onClick={() =>
            ping.mutate(endpoint.id, {
              onSuccess: () => {
                setActionError(null);
                setPage(1);
                void message.success(t('integrators.webhooks.pinged'));
              },
              onError: setActionError,
            })
          }
        >
          {t('integrators.webhooks.ping')}
        </Button>
        <Button icon={<ReloadOutlined aria-hidden />} onClick={() => void deliveries.refetch()}>
          {t('integrators.deliveries.refresh')}
        </Button>
      </Space>
      <ProblemAlert error={actionError ?? (deliveries.isError ? deliveries.error : null)} />
      <Table<WebhookDelivery>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={deliveries.data?.items}
        loading={deliveries.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('integrators.deliveries.empty') }}
        pagination={{
          current: page,
          pageSize: deliveries.data?.page_size ?? 20,
          total: deliveries.data?.total ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          onChange: setPage,
        }}
      />
      {opened && (
        <WebhookDeliveryDrawer
          orgId={orgId}
          endpointId={endpoint.id}
          delivery={opened}
          onClose={() => setOpened(null)}
        />
      )}
    </Modal>
  );
}
