import { MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Menu, type MenuProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';

import { paths } from '@/config/paths';

type Entry = { href: string; label: string };

/** The console's sections; the review queues belong to their features but are listed here. */
const groups: { key: string; label: string; entries: Entry[] }[] = [
  {
    key: 'overview',
    label: 'adminConsole.nav.overview',
    entries: [{ href: paths.adminDashboard.href(), label: 'adminConsole.nav.dashboard' }],
  },
  {
    key: 'reviews',
    label: 'adminConsole.nav.reviews',
    entries: [
      { href: paths.admin.href(), label: 'adminConsole.nav.inbox' },
      { href: paths.adminProviderReviews.href(), label: 'adminConsole.nav.providerReviews' },
      { href: paths.adminCourseReviews.href(), label: 'adminConsole.nav.courseReviews' },
      { href: paths.adminMemberReviews.href(), label: 'adminConsole.nav.memberReviews' },
      { href: paths.adminOfflinePayments.href(), label: 'adminConsole.nav.offlinePayments' },
      { href: paths.adminSubsidyReviews.href(), label: 'adminConsole.nav.subsidyReviews' },
    ],
  },
  {
    key: 'manage',
    label: 'adminConsole.nav.manage',
    entries: [
      { href: paths.adminUsers.href(), label: 'adminConsole.nav.users' },
      { href: paths.adminOrgs.href(), label: 'adminConsole.nav.orgs' },
      { href: paths.adminDictionaries.href(), label: 'adminConsole.nav.dictionaries' },
      {
        href: paths.adminMembershipSettings.href(),
        label: 'adminConsole.nav.membershipSettings',
      },
      { href: paths.adminLegal.href(), label: 'adminConsole.nav.legal' },
    ],
  },
  {
    key: 'audit',
    label: 'adminConsole.nav.audit',
    entries: [{ href: paths.adminAuditLog.href(), label: 'adminConsole.nav.auditLog' }],
  },
];

/** The entry whose address is the longest prefix of `pathname` (a queue's item selects it). */
export function selectedEntry(pathname: string): string | undefined {
  return groups
    .flatMap((group) => group.entries.map((entry) => entry.href))
    .filter((href) => pathname === href || pathname.startsWith(`${href}/`))
    .sort((a, b) => b.length - a.length)[0];
}

/**
 * The admin console's navigation: a side menu from 992 px, and on phones a button that opens
 * the same menu in a drawer (a side menu would squeeze the tables).
 */
export function AdminNav() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const screens = Grid.useBreakpoint();
  const [open, setOpen] = useState(false);
  const selected = selectedEntry(pathname);
  const items: MenuProps['items'] = groups.map((group) => ({
    type: 'group',
    key: group.key,
    label: t(group.label),
    children: group.entries.map((entry) => ({
      key: entry.href,
      label: (
        <Link to={entry.href} onClick={() => setOpen(false)}>
          {t(entry.label)}
        </Link>
      ),
    })),
  }));
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      items={items}
      aria-label={t('adminConsole.menu')}
      style={{ borderInlineEnd: 'none' }}
    />
  );

  if (screens.lg) {
    return (
      <nav className="admin-console-nav" aria-label={t('adminConsole.menu')}>
        {menu}
      </nav>
    );
  }
  return (
    <>
      <Button
        icon={<MenuOutlined aria-hidden />}
        onClick={() => setOpen(true)}
        style={{ marginBottom: 12 }}
      >
        {t('adminConsole.menu')}
      </Button>
      <Drawer
        title={t('admin.title')}
        placement="left"
        size={260}
        open={open}
        onClose={() => setOpen(false)}
        styles={{ body: { padding: 0 } }}
      >
        {menu}
      </Drawer>
    </>
  );
}
