import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { formatDate } from '@/utils/format-date';

import type { CreatedWebhookEndpoint } from '../api/create-webhook';
import { useDeleteWebhook } from '../api/delete-webhook';
import { useWebhooks, type WebhookEndpoint } from '../api/get-webhooks';
import { eventKey } from '../catalog';
import { SecretModal } from './secret-modal';
import { WebhookDeliveriesModal } from './webhook-deliveries-modal';
import { WebhookFormModal } from './webhook-form-modal';

type Editing = { endpoint?: WebhookEndpoint } | null;

/**
 * Webhook 端点 of one org (its owner): add one (its signing secret shown once), edit, delete
 * after a confirmation, and open an endpoint's delivery log.
 */
export function Webhooks({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const endpoints = useWebhooks(orgId);
  const remove = useDeleteWebhook(orgId);
  const [editing, setEditing] = useState<Editing>(null);
  const [created, setCreated] = useState<CreatedWebhookEndpoint | null>(null);
  const [viewing, setViewing] = useState<WebhookEndpoint | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const columns: ColumnsType<WebhookEndpoint> = [
    {
      key: 'url',
      title: t('integrators.webhooks.url'),
      render: (_, endpoint) => (
        <Typography.Text style={{ wordBreak: 'break-all', display: 'inline-block', maxWidth: 320 }}>
          {endpoint.url}
        </Typography.Text>
      ),
    },
    {
      key: 'events',
      title: t('integrators.webhooks.events'),
      render: (_, endpoint) => (
        <Space wrap size={[0, 4]} style={{ maxWidth: 300 }}>
          {endpoint.events.map((event) => (
            <Tag key={event} color="blue" title={t(eventKey(event), { defaultValue: '' })}>
              {event}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'status',
      title: t('integrators.webhooks.status'),
      render: (_, endpoint) =>
        endpoint.active ? (
          <Tag color="green">{t('integrators.webhooks.active')}</Tag>
        ) : (
          <Tag>{t('integrators.webhooks.paused')}</Tag>
        ),
    },
    {
      key: 'createdAt',
      title: t('integrators.webhooks.createdAt'),
      responsive: ['md'],
      render: (_, endpoint) => formatDate(endpoint.created_at, i18n.language),
    },
    {
      key: 'actions',
      title: t('integrators.webhooks.actions'),
      render: (_, endpoint) => (
        <Space size={12} wrap>
          <Button
            type="link"
            size="small"
            style={{ paddingInline: 0 }}
            onClick={() => setViewing(endpoint)}
          >
            {t('integrators.webhooks.deliveries')}
          </Button>
          <Button
            type="link"
            size="small"
            style={{ paddingInline: 0 }}
            onClick={() => setEditing({ endpoint })}
          >
            {t('integrators.webhooks.edit')}
          </Button>
          <Popconfirm
            title={t('integrators.webhooks.removeTitle')}
            description={t('integrators.webhooks.removeText')}
            okText={t('integrators.webhooks.remove')}
            cancelText={t('integrators.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() =>
              remove
                .mutateAsync(endpoint.id, {
                  onSuccess: () => {
                    setActionError(null);
                    void message.success(t('integrators.webhooks.removed'));
                  },
                  onError: setActionError,
                })
                .catch(() => undefined)
            }
          >
            <Button type="link" danger size="small" style={{ paddingInline: 0 }}>
              {t('integrators.webhooks.remove')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <Card title={t('integrators.webhooks.title')}>
      <Typography.Paragraph type="secondary">
        {t('integrators.webhooks.intro')}
      </Typography.Paragraph>
      <Button
        type="primary"
        icon={<PlusOutlined aria-hidden />}
        onClick={() => setEditing({})}
        style={{ marginBottom: 16 }}
      >
        {t('integrators.webhooks.create')}
      </Button>
      <ProblemAlert error={actionError ?? (endpoints.isError ? endpoints.error : null)} />
      {endpoints.isError && (
        <Button onClick={() => void endpoints.refetch()} style={{ marginBottom: 16 }}>
          {t('errors.retry')}
        </Button>
      )}
      <Table<WebhookEndpoint>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={endpoints.data}
        loading={endpoints.isPending && !endpoints.isError}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('integrators.webhooks.empty') }}
      />
      {editing && (
        <WebhookFormModal
          orgId={orgId}
          endpoint={editing.endpoint}
          onClose={() => setEditing(null)}
          onCreated={(answer) => {
            setEditing(null);
            setCreated(answer);
          }}
        />
      )}
      {created && (
        <SecretModal
          title={t('integrators.secret.webhookTitle')}
          entries={[{ label: t('integrators.secret.signingSecret'), value: created.secret }]}
          onClose={() => setCreated(null)}
        />
      )}
      {viewing && (
        <WebhookDeliveriesModal orgId={orgId} endpoint={viewing} onClose={() => setViewing(null)} />
      )}
    </Card>
  );
}
