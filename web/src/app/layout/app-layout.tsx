import { GlobalOutlined, MenuOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Drawer, Grid, Layout, Menu, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router-dom';

import { paths } from '@/config/paths';
import { ReconsentModal } from '@/features/auth/components/reconsent-modal';
import { UserMenu, type AccountLink } from '@/features/auth/components/user-menu';
import { MessageBell } from '@/features/messages/components/message-bell';
import { getMyOrgsQueryOptions } from '@/features/orgs/api/get-my-orgs';
import { useApprovedProviderOrgs } from '@/features/providers/api/get-provider';
import { useSessionStatus } from '@/hooks/use-session';
import { usePageTitle } from '@/hooks/use-page-title';
import { changeLanguage, currentLanguage, type Language } from '@/lib/i18n';

const navigation = [
  { key: paths.home.path, label: 'nav.home' },
  { key: paths.classroom.path, label: 'nav.classroom' },
  { key: paths.classes.path, label: 'nav.classes' },
  { key: paths.membership.path, label: 'nav.membership' },
  { key: paths.userCenter.path, label: 'nav.userCenter' },
] as const;

function selectedKey(pathname: string): string {
  const match = navigation.find(
    (item) => item.key !== '/' && (pathname === item.key || pathname.startsWith(`${item.key}/`)),
  );
  return match?.key ?? (pathname === '/' ? '/' : '');
}

function LanguageSwitch() {
  const { t } = useTranslation();
  return (
    <Segmented<Language>
      aria-label={t('nav.language')}
      size="small"
      value={currentLanguage()}
      onChange={(language) => void changeLanguage(language)}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'English', value: 'en' },
      ]}
    />
  );
}

/** 服务商后台 in the account menu for each of the user's orgs that is an approved provider. */
function useProviderConsoleLinks(): AccountLink[] {
  const { t } = useTranslation();
  const signedIn = useSessionStatus() === 'signed-in';
  const orgs = useQuery({ ...getMyOrgsQueryOptions(), enabled: signedIn });
  const providers = useApprovedProviderOrgs(signedIn ? orgs.data : undefined);
  return providers.map((org) => ({
    key: `provider-console-${org.id}`,
    // One org: the plain name the manual shows; several: which one.
    label:
      (orgs.data?.length ?? 0) > 1 ? `${t('console.title')} · ${org.name}` : t('console.title'),
    to: paths.providerConsole.href(org.id),
  }));
}

/** The product frame: top navigation (a drawer under 768 px), content, footer. */
export function AppLayout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const screens = Grid.useBreakpoint();
  const [drawerOpen, setDrawerOpen] = useState(false);
  usePageTitle();
  const accountLinks = useProviderConsoleLinks();
  // Before the first measurement `md` is undefined: assume a phone, the smaller layout.
  const desktop = screens.md === true;
  const items = navigation.map((item) => ({
    key: item.key,
    label: (
      <Link to={item.key} onClick={() => setDrawerOpen(false)}>
        {t(item.label)}
      </Link>
    ),
  }));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="app-header">
        <Link to={paths.home.href()} className="brand" aria-label={t('app.name')}>
          <span className="brand-mark" aria-hidden="true">
            课
          </span>
          <span className="brand-name">{t('app.name')}</span>
        </Link>
        {desktop ? (
          <>
            <Menu
              mode="horizontal"
              theme="dark"
              selectedKeys={[selectedKey(pathname)]}
              items={items}
              style={{ flex: 1, minWidth: 0 }}
              aria-label={t('nav.menu')}
            />
            <LanguageSwitch />
            <MessageBell />
            <UserMenu variant="header" links={accountLinks} />
          </>
        ) : (
          <div className="header-phone-actions">
            <MessageBell />
            <Button
              type="text"
              icon={<MenuOutlined aria-hidden style={{ color: '#fff', fontSize: 20 }} />}
              aria-label={t('nav.menu')}
              onClick={() => setDrawerOpen(true)}
            />
          </div>
        )}
      </Layout.Header>
      <Drawer
        title={t('app.name')}
        placement="right"
        open={drawerOpen && !desktop}
        onClose={() => setDrawerOpen(false)}
        size={300}
        styles={{ body: { padding: 0 } }}
      >
        <div className="drawer-section">
          <UserMenu variant="drawer" links={accountLinks} onNavigate={() => setDrawerOpen(false)} />
        </div>
        <Menu mode="inline" selectedKeys={[selectedKey(pathname)]} items={items} />
        <div style={{ padding: 16 }}>
          <GlobalOutlined aria-hidden style={{ marginInlineEnd: 8 }} />
          <LanguageSwitch />
        </div>
      </Drawer>
      <Layout.Content className="app-content">
        <Outlet />
      </Layout.Content>
      <Layout.Footer className="app-footer">
        <Typography.Text type="secondary">{t('app.footer')}</Typography.Text>
        <nav className="footer-links" aria-label={t('legal.footer')}>
          <Link to={paths.legalTerms.href()}>{t('legal.names.terms')}</Link>
          <Link to={paths.legalPrivacy.href()}>{t('legal.names.privacy')}</Link>
          <Link to={paths.legalCharter.href()}>{t('legal.names.charter')}</Link>
        </nav>
        <a href="/docs/">{t('app.apiDocs')}</a>
      </Layout.Footer>
      {/* A signed-in user who has not agreed to the current texts is asked before going on. */}
      <ReconsentModal />
    </Layout>
  );
}
