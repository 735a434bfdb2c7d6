import {
  AuditOutlined,
  BankOutlined,
  BellOutlined,
  DownOutlined,
  LogoutOutlined,
  ReadOutlined,
  ShopOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Badge, Button, Dropdown, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';

import { paths } from '@/config/paths';
import { useMe } from '@/hooks/use-me';
import { useSessionStatus } from '@/hooks/use-session';
import { useUnreadCount } from '@/hooks/use-unread-messages';
import { maskPhone } from '@/utils/mask-phone';

import { useSignOut } from '../api/sign-out';

/** A page of the user's that the app adds to the menu (服务商后台 of an approved provider). */
export type AccountLink = { key: string; label: string; to: string };

type Props = {
  /** `header`: the desktop top bar; `drawer`: the phone's navigation drawer. */
  variant: 'header' | 'drawer';
  /** Shown after 消息中心, before 管理后台. */
  links?: AccountLink[];
  /** Called before navigating away, e.g. to close the drawer. */
  onNavigate?: () => void;
};

/**
 * Signed out: 登录. Signed in: the masked phone with 用户中心, 企业信息, 我的学习记录, 消息中心
 * (with the unread count), the app's `links` (服务商后台), 管理后台 for platform operators,
 * and 退出登录.
 */
export function UserMenu({ variant, links = [], onNavigate }: Props) {
  const { t } = useTranslation();
  const status = useSessionStatus();
  const me = useMe();
  const unread = useUnreadCount().data ?? 0;
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  const signOut = useSignOut();

  if (status === 'unknown') return null;

  if (status === 'signed-out') {
    if (pathname === paths.login.path) return null;
    return (
      <Button
        type="primary"
        block={variant === 'drawer'}
        onClick={() => {
          onNavigate?.();
          void navigate(paths.login.href(pathname + search));
        }}
      >
        {t('auth.login')}
      </Button>
    );
  }

  const name = me.data ? (me.data.mobile ? maskPhone(me.data.mobile) : me.data.display_name) : '…';
  const leave = async () => {
    onNavigate?.();
    // Leave first, committed at once (not as a transition): on a page that needs sign-in,
    // the guard would otherwise see the session end and send people to the login page.
    await navigate(paths.home.href(), { flushSync: true });
    signOut.mutate();
  };

  const operator = !!me.data?.admin_role;

  const messagesLabel = (
    <span className="menu-messages">
      {t('messages.title')}
      <Badge count={unread} size="small" overflowCount={99} />
    </span>
  );

  if (variant === 'drawer') {
    return (
      <>
        <div className="drawer-account">
          <Typography.Text strong>
            <UserOutlined aria-hidden style={{ marginInlineEnd: 8 }} />
            {name}
          </Typography.Text>
          <Button
            icon={<LogoutOutlined aria-hidden />}
            onClick={() => void leave()}
            loading={signOut.isPending}
          >
            {t('auth.signOut')}
          </Button>
        </div>
        <nav className="drawer-links" aria-label={t('auth.accountMenu')}>
          <Link to={paths.enterprise.href()} onClick={onNavigate}>
            <BankOutlined aria-hidden />
            {t('enterprise.title')}
          </Link>
          <Link to={paths.myLearning.href()} onClick={onNavigate}>
            <ReadOutlined aria-hidden />
            {t('classes.myLearning.title')}
          </Link>
          <Link to={paths.messages.href()} onClick={onNavigate}>
            <BellOutlined aria-hidden />
            {messagesLabel}
          </Link>
          {links.map((link) => (
            <Link key={link.key} to={link.to} onClick={onNavigate}>
              <ShopOutlined aria-hidden />
              {link.label}
            </Link>
          ))}
          {operator && (
            <Link to={paths.admin.href()} onClick={onNavigate}>
              <AuditOutlined aria-hidden />
              {t('admin.entry')}
            </Link>
          )}
        </nav>
      </>
    );
  }

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        'aria-label': t('auth.accountMenu'),
        items: [
          {
            key: 'user-center',
            icon: <UserOutlined aria-hidden />,
            label: <Link to={paths.userCenter.href()}>{t('nav.userCenter')}</Link>,
          },
          {
            key: 'enterprise',
            icon: <BankOutlined aria-hidden />,
            label: <Link to={paths.enterprise.href()}>{t('enterprise.title')}</Link>,
          },
          {
            key: 'my-learning',
            icon: <ReadOutlined aria-hidden />,
            label: <Link to={paths.myLearning.href()}>{t('classes.myLearning.title')}</Link>,
          },
          {
            key: 'messages',
            icon: <BellOutlined aria-hidden />,
            label: <Link to={paths.messages.href()}>{messagesLabel}</Link>,
          },
          ...links.map((link) => ({
            key: link.key,
            icon: <ShopOutlined aria-hidden />,
            label: <Link to={link.to}>{link.label}</Link>,
          })),
          ...(operator
            ? [
                {
                  key: 'admin',
                  icon: <AuditOutlined aria-hidden />,
                  label: <Link to={paths.admin.href()}>{t('admin.entry')}</Link>,
                },
              ]
            : []),
          {
            key: 'sign-out',
            icon: <LogoutOutlined aria-hidden />,
            label: t('auth.signOut'),
            onClick: () => void leave(),
          },
        ],
      }}
    >
      <Button type="text" className="header-account">
        <UserOutlined aria-hidden />
        {name}
        <DownOutlined aria-hidden style={{ fontSize: 10 }} />
      </Button>
    </Dropdown>
  );
}
