import { Descriptions, Drawer, Grid, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import type { TimelineItemType } from 'antd/es/timeline/Timeline';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { formatDateTime } from '@/utils/format-date';

import type { WebhookDelivery } from '../api/get-webhook-deliveries';
import { useWebhookDelivery, type WebhookAttempt } from '../api/get-webhook-delivery';
import { eventLabel } from '../catalog';

export const deliveryStatusColors: Record<string, string> = {
  pending: 'processing',
  succeeded: 'success',
  failed: 'error',
};

/** The body as sent, indented when it is JSON (it always is, but show it either way). */
export function pretty(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

const preStyle = {
  margin: 0,
  padding: 8,
  maxHeight: 240,
  overflow: 'auto',
  fontSize: 12,
  background: 'rgba(0, 0, 0, 0.04)',
  borderRadius: 6,
} as const;

const ok = (attempt: WebhookAttempt) =>
  attempt.status_code != null && attempt.status_code >= 200 && attempt.status_code < 300;

type Props = {
  orgId: string;
  endpointId: string;
  /** The delivery as the log lists it: shown while its attempts load. */
  delivery: WebhookDelivery;
  onClose: () => void;
};

/**
 * One delivery (owner): what it is, then every attempt oldest first (when, the receiver's
 * status, how long it took, the error, the first 1 KB of the answer), then the payload.
 */
export function WebhookDeliveryDrawer({ orgId, endpointId, delivery: listed, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const screens = Grid.useBreakpoint();
  const detail = useWebhookDelivery(orgId, endpointId, listed.id);
  const delivery = detail.data ?? listed;
  const when = (iso: string) => formatDateTime(iso, i18n.language);

  const items: TimelineItemType[] = (detail.data?.attempt_log ?? []).map((attempt, index) => ({
    key: `${attempt.attempted_at}-${index}`,
    color: ok(attempt) ? 'green' : 'red',
    content: (
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Typography.Text strong>
          {t('integrators.deliveries.attemptNo', { n: index + 1 })} · {when(attempt.attempted_at)}
        </Typography.Text>
        <Space wrap size={[8, 4]}>
          <Tag color={ok(attempt) ? 'success' : 'error'}>
            {attempt.status_code ?? t('integrators.deliveries.noResponse')}
          </Tag>
          <Typography.Text type="secondary">
            {t('integrators.deliveries.duration', { ms: attempt.duration_ms })}
          </Typography.Text>
        </Space>
        {attempt.error && (
          <Typography.Text type="danger" style={{ wordBreak: 'break-word' }}>
            {attempt.error}
          </Typography.Text>
        )}
        {attempt.response_excerpt != null && (
          <>
            <Typography.Text type="secondary">
              {t('integrators.deliveries.response')}
            </Typography.Text>
            <pre
              className="integrator-response"
              style={{ ...preStyle, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
            >
              {attempt.response_excerpt || t('integrators.deliveries.emptyResponse')}
            </pre>
          </>
        )}
      </Space>
    ),
  }));

  return (
    <Drawer
      open
      title={t('integrators.deliveries.detailsTitle')}
      onClose={onClose}
      size={screens.md ? 640 : '100%'}
      destroyOnHidden
    >
      <Descriptions
        column={1}
        size="small"
        bordered
        style={{ marginBottom: 24 }}
        items={[
          {
            key: 'event',
            label: t('integrators.deliveries.event'),
            children: (
              <Space orientation="vertical" size={0}>
                <span>{eventLabel(t, delivery.event)}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {delivery.event}
                </Typography.Text>
              </Space>
            ),
          },
          {
            key: 'status',
            label: t('integrators.deliveries.status'),
            children: (
              <Space orientation="vertical" size={0}>
                <Tag color={deliveryStatusColors[delivery.status]}>
                  {t(`integrators.deliveries.statuses.${delivery.status}`, {
                    defaultValue: delivery.status,
                  })}
                </Tag>
                {delivery.status === 'pending' && delivery.next_attempt_at && (
                  <Typography.Text type="secondary">
                    {t('integrators.deliveries.nextAttempt', {
                      time: when(delivery.next_attempt_at),
                    })}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            key: 'attempts',
            label: t('integrators.deliveries.attempts'),
            children: delivery.attempts,
          },
          {
            key: 'createdAt',
            label: t('integrators.deliveries.createdAt'),
            children: when(delivery.created_at),
          },
          {
            key: 'id',
            label: t('integrators.deliveries.id'),
            children: (
              <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                {delivery.id}
              </Typography.Text>
            ),
          },
        ]}
      />
      <Typography.Title level={5}>{t('integrators.deliveries.attemptLog')}</Typography.Title>
      <ProblemAlert error={detail.isError ? detail.error : null} />
      {detail.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : detail.data && items.length === 0 ? (
        <Typography.Paragraph type="secondary">
          {t('integrators.deliveries.noAttempts')}
        </Typography.Paragraph>
      ) : (
        <Timeline items={items} style={{ marginTop: 16 }} />
      )}
      <Typography.Title level={5}>{t('integrators.deliveries.payload')}</Typography.Title>
      <pre className="integrator-payload" style={preStyle}>
        {pretty(delivery.payload)}
      </pre>
    </Drawer>
  );
}
