import { CheckOutlined } from '@ant-design/icons';
import {
  Badge,
  Button,
  Card,
  Collapse,
  Empty,
  Pagination,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { formatDateTime } from '@/utils/format-date';

import { useMarkAllRead } from '../api/mark-all-read';
import { useMarkRead } from '../api/mark-read';
import { useMessages, type Message } from '../api/get-messages';

export const messagesPageSize = 10;

/** `org.certified` → `org`: the topic, worded in the UI language (the text is Chinese). */
function topicOf(message: Message): string {
  const topic = message.kind.split('.')[0] ?? '';
  return ['org', 'provider', 'course', 'member', 'payment', 'subsidy'].includes(topic)
    ? topic
    : 'other';
}

type Props = {
  page: number;
  onPageChange: (page: number) => void;
};

/**
 * 我的消息中心: newest first; opening an unread message marks it read, and the header badge
 * follows (both read the same queries).
 */
export function MessageCenter({ page, onPageChange }: Props) {
  const { t, i18n } = useTranslation();
  const messages = useMessages(page, messagesPageSize);
  const markRead = useMarkRead();
  const markAllRead = useMarkAllRead();

  if (messages.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (messages.isError) {
    return (
      <>
        <ProblemAlert error={messages.error} />
        <Button onClick={() => void messages.refetch()}>{t('errors.retry')}</Button>
      </>
    );
  }
  const { items, total, unread } = messages.data;

  function open(keys: string[]) {
    for (const key of keys) {
      const message = items.find((m) => m.id === key);
      if (message && !message.read) markRead.mutate(message.id);
    }
  }

  return (
    <Card
      title={
        <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
          {t('messages.summary', { total, unread })}
        </Typography.Text>
      }
      extra={
        <Button
          icon={<CheckOutlined aria-hidden />}
          disabled={unread === 0}
          loading={markAllRead.isPending}
          onClick={() => markAllRead.mutate()}
        >
          {t('messages.markAllRead')}
        </Button>
      }
    >
      <ProblemAlert error={markAllRead.error ?? markRead.error} />
      {items.length === 0 ? (
        <Empty description={t('messages.empty')} />
      ) : (
        <Collapse
          accordion
          ghost
          className="message-list"
          onChange={(keys) => open(Array.isArray(keys) ? keys : [keys])}
          items={items.map((message) => ({
            key: message.id,
            className: message.read ? 'message read' : 'message unread',
            label: (
              <div className="message-head">
                <Badge status={message.read ? 'default' : 'processing'} />
                {!message.read && <span className="sr-only">{t('messages.unread')}</span>}
                <Typography.Text strong={!message.read} className="message-title">
                  {message.title}
                </Typography.Text>
                <Space size={4} wrap className="message-meta">
                  <Tag>{t(`messages.topics.${topicOf(message)}`)}</Tag>
                  <Typography.Text type="secondary">
                    {formatDateTime(message.created_at, i18n.language)}
                  </Typography.Text>
                </Space>
              </div>
            ),
            children: <Typography.Paragraph>{message.body}</Typography.Paragraph>,
          }))}
        />
      )}
      {total > messagesPageSize && (
        <Pagination
          className="message-pagination"
          current={page}
          pageSize={messagesPageSize}
          total={total}
          showSizeChanger={false}
          onChange={onPageChange}
          showLessItems
          responsive
        />
      )}
    </Card>
  );
}
