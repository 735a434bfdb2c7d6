import { Badge, Button, Card, List, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { formatDateTime } from '@/utils/format-date';

import { useMessages } from '../api/get-messages';

/** How many of the newest messages the card lists. */
const latest = 3;

/** The user center's 消息中心: the unread count, the newest messages, the way in. */
export function MessagesCenterCard() {
  const { t, i18n } = useTranslation();
  const messages = useMessages(1, latest);

  let body;
  if (messages.isPending) {
    body = <Skeleton active paragraph={{ rows: 2 }} />;
  } else if (messages.isError) {
    body = <ProblemAlert error={messages.error} />;
  } else if (messages.data.items.length === 0) {
    body = <Typography.Text type="secondary">{t('messages.empty')}</Typography.Text>;
  } else {
    body = (
      <>
        <Typography.Paragraph type="secondary">
          {t('messages.summary', { total: messages.data.total, unread: messages.data.unread })}
        </Typography.Paragraph>
        <List
          size="small"
          dataSource={messages.data.items}
          renderItem={(message) => (
            <List.Item className="messages-center-row">
              <Badge status={message.read ? 'default' : 'processing'} />
              <Typography.Text
                strong={!message.read}
                ellipsis={{ tooltip: message.title }}
                className="messages-center-title"
              >
                {message.title}
              </Typography.Text>
              <Typography.Text type="secondary" className="messages-center-time">
                {formatDateTime(message.created_at, i18n.language)}
              </Typography.Text>
            </List.Item>
          )}
        />
      </>
    );
  }
  return (
    <Card
      title={t('messages.title')}
      extra={
        <Link to={paths.messages.href()}>
          <Button size="small">{t('messages.open')}</Button>
        </Link>
      }
    >
      {body}
    </Card>
  );
}
