import { BellOutlined } from '@ant-design/icons';
import { Badge } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { paths } from '@/config/paths';
import { useSessionStatus } from '@/hooks/use-session';
import { useUnreadCount } from '@/hooks/use-unread-messages';

/** The header's bell: unread messages as a badge, a link to the message center. */
export function MessageBell({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const status = useSessionStatus();
  const unread = useUnreadCount().data ?? 0;
  if (status !== 'signed-in') return null;
  return (
    <Link
      to={paths.messages.href()}
      className="header-bell"
      onClick={onNavigate}
      aria-label={unread > 0 ? t('messages.bellUnread', { count: unread }) : t('messages.title')}
    >
      <Badge count={unread} size="small" overflowCount={99}>
        <BellOutlined aria-hidden className="header-bell-icon" />
      </Badge>
    </Link>
  );
}
