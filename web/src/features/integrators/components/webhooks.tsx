import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Grid,
  Popconfirm,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { formatDate, formatDateTime } from '@/utils/format-date';

import type { CreatedWebhookEndpoint } from '../api/create-webhook';
import { useDeleteWebhook } from '../api/delete-webhook';
import { useWebhooks, type WebhookEndpoint } from '../api/get-webhooks';
import { usePingWebhook } from '../api/ping-webhook';
import { useUpdateWebhook } from '../api/update-webhook';
import { eventLabel } from '../catalog';
import { RotateSecretModal } from './rotate-secret-modal';
import { SecretModal } from './secret-modal';
import { WebhookDeliveriesModal } from './webhook-deliveries-modal';
import { WebhookFormModal } from './webhook-form-modal';

type Editing = { endpoint?: WebhookEndpoint } | null;
/** A signing secret to show once: a new endpoint's, or a rotated one's. */
type Shown = { title: string; secret: string; note?: ReactNode } | null;

const linkStyle = { paddingInline: 0 } as const;

/**
 * Webhook 端点 of one org (its owner): add one (its signing secret shown once), edit, delete
 * after a confirmation, send a test event, rotate the secret (the new one shown once), open
 * an endpoint's delivery log, and turn on again one Ketang turned off after failing deliveries.
 */
export function Webhooks({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  // On a phone the state goes under the URL: the table scrolls sideways, the state must not.
  const compact = !Grid.useBreakpoint().md;
  const endpoints = useWebhooks(orgId);
  const remove = useDeleteWebhook(orgId);
  const update = useUpdateWebhook(orgId);
  const ping = usePingWebhook(orgId);
  const [editing, setEditing] = useState<Editing>(null);
  const [shown, setShown] = useState<Shown>(null);
  const [viewing, setViewing] = useState<WebhookEndpoint | null>(null);
  const [rotating, setRotating] = useState<WebhookEndpoint | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const when = (iso: string) => formatDateTime(iso, i18n.language);
  // The server names the old secret's end only while it is to come; still so when last fetched.
  const stillSigning = (endpoint: WebhookEndpoint) =>
    endpoint.previous_secret_expires_at != null &&
    new Date(endpoint.previous_secret_expires_at).getTime() > endpoints.dataUpdatedAt;
  const turnedOff = (endpoints.data ?? []).filter(
    (endpoint) => !endpoint.active && endpoint.disabled_reason,
  );

  function turnOn(endpoint: WebhookEndpoint) {
    return update
      .mutateAsync(
        {
          endpointId: endpoint.id,
          body: { url: endpoint.url, events: endpoint.events, active: true },
        },
        {
          onSuccess: () => {
            setActionError(null);
            void message.success(t('integrators.webhooks.turnedOn'));
          },
          onError: setActionError,
        },
      )
      .catch(() => undefined);
  }

  function sendPing(endpoint: WebhookEndpoint) {
    ping.mutate(endpoint.id, {
      onSuccess: () => {
        setActionError(null);
        void message.success(t('integrators.webhooks.pinged'));
      },
      onError: setActionError,
    });
  }

  function rotated(answer: CreatedWebhookEndpoint) {
    setRotating(null);
    const expires = answer.endpoint.previous_secret_expires_at;
    setShown({
      title: t('integrators.secret.rotatedTitle'),
      secret: answer.secret,
      note: expires
        ? t('integrators.secret.rotatedOverlap', { time: when(expires) })
        : t('integrators.secret.rotatedNow'),
    });
  }

  /** Active, paused, or turned off by Ketang (and why, when, a way back); the old secret's end. */
  function status(endpoint: WebhookEndpoint) {
    return (
      <Space orientation="vertical" size={4} style={{ maxWidth: 220 }}>
        {endpoint.active ? (
          <Tag color="green">{t('integrators.webhooks.active')}</Tag>
        ) : endpoint.disabled_reason ? (
          <>
            <Tag color="red" style={{ whiteSpace: 'normal' }}>
              {t('integrators.webhooks.turnedOff')}
            </Tag>
            {endpoint.disabled_at && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('integrators.webhooks.turnedOffAt', { time: when(endpoint.disabled_at) })}
              </Typography.Text>
            )}
            <Popconfirm
              title={t('integrators.webhooks.turnOnTitle')}
              description={
                <div style={{ maxWidth: 260 }}>{t('integrators.webhooks.turnOnText')}</div>
              }
              okText={t('integrators.webhooks.turnOn')}
              cancelText={t('integrators.cancel')}
              onConfirm={() => turnOn(endpoint)}
            >
              <Button
                size="small"
                type="primary"
                ghost
                loading={update.isPending && update.variables?.endpointId === endpoint.id}
              >
                {t('integrators.webhooks.turnOn')}
              </Button>
            </Popconfirm>
          </>
        ) : (
          <Tag>{t('integrators.webhooks.paused')}</Tag>
        )}
        {stillSigning(endpoint) && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('integrators.webhooks.previousSecret', {
              time: when(endpoint.previous_secret_expires_at!),
            })}
          </Typography.Text>
        )}
      </Space>
    );
  }

  const columns: ColumnsType<WebhookEndpoint> = [
    {
      key: 'url',
      title: t('integrators.webhooks.url'),
      render: (_, endpoint) => (
        <Space orientation="vertical" size={8}>
          <Typography.Text
            style={{
              wordBreak: 'break-all',
              display: 'inline-block',
              maxWidth: compact ? 200 : 260,
            }}
          >
            {endpoint.url}
          </Typography.Text>
          {compact && status(endpoint)}
        </Space>
      ),
    },
    {
      key: 'events',
      title: t('integrators.webhooks.events'),
      render: (_, endpoint) => (
        <Space wrap size={[4, 4]} style={{ maxWidth: 220 }}>
          {endpoint.events.map((event) => (
            <Tooltip key={event} title={t('integrators.webhooks.eventCode', { code: event })}>
              <Tag color="blue" data-event={event}>
                {eventLabel(t, event)}
              </Tag>
            </Tooltip>
          ))}
        </Space>
      ),
    },
    {
      key: 'status',
      title: t('integrators.webhooks.status'),
      responsive: ['md'],
      render: (_, endpoint) => status(endpoint),
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
        <Space size={[12, 0]} wrap style={{ maxWidth: 170 }}>
          <Button type="link" size="small" style={linkStyle} onClick={() => setViewing(endpoint)}>
            {t('integrators.webhooks.deliveries')}
          </Button>
          <Button
            type="link"
            size="small"
            style={linkStyle}
            loading={ping.isPending && ping.variables === endpoint.id}
            onClick={() => sendPing(endpoint)}
          >
            {t('integrators.webhooks.ping')}
          </Button>
          <Button
            type="link"
            size="small"
            style={linkStyle}
            onClick={() => setEditing({ endpoint })}
          >
            {t('integrators.webhooks.edit')}
          </Button>
          <Button type="link" size="small" style={linkStyle} onClick={() => setRotating(endpoint)}>
            {t('integrators.webhooks.rotate')}
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
            <Button type="link" danger size="small" style={linkStyle}>
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
      {turnedOff.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('integrators.webhooks.turnedOffAlert', { count: turnedOff.length })}
          description={t('integrators.webhooks.turnedOffAlertText')}
          style={{ marginBottom: 16 }}
        />
      )}
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
            setShown({ title: t('integrators.secret.webhookTitle'), secret: answer.secret });
          }}
        />
      )}
      {rotating && (
        <RotateSecretModal
          orgId={orgId}
          endpoint={rotating}
          onRotated={rotated}
          onClose={() => setRotating(null)}
        />
      )}
      {shown && (
        <SecretModal
          title={shown.title}
          entries={[{ label: t('integrators.secret.signingSecret'), value: shown.secret }]}
          note={shown.note}
          onClose={() => setShown(null)}
        />
      )}
      {viewing && (
        <WebhookDeliveriesModal orgId={orgId} endpoint={viewing} onClose={() => setViewing(null)} />
      )}
    </Card>
  );
}
