// The platform admin console (SPEC §7): its frame (navigation beside every /admin page) and
// the pages of features/admin-console. The review queues' pages are in ./admin.tsx and
// ./admin-membership.tsx; the API checks the operator's role again on every call.

import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useSearchParams } from 'react-router-dom';

import { AuditLog } from '@/features/admin-console/components/audit-log';
import type { AuditLogFilter } from '@/features/admin-console/api/get-audit-log';
import { dictionaries, type Dictionary } from '@/features/admin-console/api/get-dictionary';
import type { OrgsFilter } from '@/features/admin-console/api/get-orgs';
import type { UsersFilter } from '@/features/admin-console/api/get-users';
import { AdminNav } from '@/features/admin-console/components/admin-nav';
import { Dashboard } from '@/features/admin-console/components/dashboard';
import { DictionaryEditor } from '@/features/admin-console/components/dictionary-editor';
import { OrgList } from '@/features/admin-console/components/org-list';
import { UserList } from '@/features/admin-console/components/user-list';
import { useMe } from '@/hooks/use-me';

/** Inside `RequireOperator`: the console's navigation beside the page. */
export function AdminConsoleLayout() {
  return (
    <div className="admin-console">
      <AdminNav />
      <div className="admin-console-main">
        <Outlet />
      </div>
    </div>
  );
}

function AdminTitle({ children, extra }: { children: string; extra?: ReactNode }) {
  return (
    <div className="page-heading">
      <Typography.Title level={1} className="page-title">
        {children}
      </Typography.Title>
      {extra}
    </div>
  );
}

/** Changes are for super admins; the others (reviewers, auditors) read. */
function useIsSuperAdmin(): boolean {
  return useMe().data?.admin_role === 'super';
}

function ReadOnlyNote() {
  const { t } = useTranslation();
  return <Typography.Paragraph type="secondary">{t('adminConsole.readOnly')}</Typography.Paragraph>;
}

const pageOf = (params: URLSearchParams) => Math.max(1, Number(params.get('page')) || 1);
const pageSizeOf = (params: URLSearchParams) => Number(params.get('page_size')) || 20;

/** Writes a filter to the address: set values only, page 1 and size 20 left out. */
function toSearch(filter: Record<string, string | number | undefined>): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === '') continue;
    if (key === 'page' && value === 1) continue;
    if (key === 'page_size' && value === 20) continue;
    search.set(key, String(value));
  }
  return search;
}

/** /admin/dashboard: 数据看板. */
export function AdminDashboardRoute() {
  const { t } = useTranslation();
  return (
    <>
      <AdminTitle>{t('adminConsole.dashboard.title')}</AdminTitle>
      <Dashboard />
    </>
  );
}

/** /admin/users: 用户管理; search, status and page live in the address. */
export function AdminUsersRoute() {
  const { t } = useTranslation();
  const canEdit = useIsSuperAdmin();
  const [params, setParams] = useSearchParams();
  const filter: UsersFilter = {
    q: params.get('q') || undefined,
    status: params.get('status') || undefined,
    page: pageOf(params),
    page_size: pageSizeOf(params),
  };
  return (
    <>
      <AdminTitle>{t('adminConsole.users.title')}</AdminTitle>
      {canEdit ? null : <ReadOnlyNote />}
      <UserList
        key={filter.q ?? ''}
        filter={filter}
        canEdit={canEdit}
        onFilterChange={(next) => setParams(toSearch(next))}
      />
    </>
  );
}

/** /admin/orgs: 企业管理; search, certification and page live in the address. */
export function AdminOrgsRoute() {
  const { t } = useTranslation();
  const canEdit = useIsSuperAdmin();
  const [params, setParams] = useSearchParams();
  const filter: OrgsFilter = {
    q: params.get('q') || undefined,
    certification: params.get('certification') || undefined,
    page: pageOf(params),
    page_size: pageSizeOf(params),
  };
  return (
    <>
      <AdminTitle>{t('adminConsole.orgs.title')}</AdminTitle>
      {canEdit ? null : <ReadOnlyNote />}
      <OrgList
        key={filter.q ?? ''}
        filter={filter}
        canEdit={canEdit}
        onFilterChange={(next) => setParams(toSearch(next))}
      />
    </>
  );
}

/** /admin/dictionaries: 数据字典; `dictionary` picks the tab. */
export function AdminDictionariesRoute() {
  const { t } = useTranslation();
  const canEdit = useIsSuperAdmin();
  const [params, setParams] = useSearchParams();
  const asked = params.get('dictionary');
  const dictionary: Dictionary = dictionaries.find((d) => d === asked) ?? dictionaries[0];
  return (
    <>
      <AdminTitle>{t('adminConsole.dictionaries.title')}</AdminTitle>
      {canEdit ? null : <ReadOnlyNote />}
      <DictionaryEditor
        dictionary={dictionary}
        canEdit={canEdit}
        onDictionaryChange={(next) => setParams(next === 'categories' ? {} : { dictionary: next })}
      />
    </>
  );
}

const auditFields = [
  'actor_id',
  'action',
  'object_type',
  'object_id',
  'org_id',
  'from',
  'to',
] as const;

/** /admin/audit-log: 审计日志; every filter and the page live in the address. */
export function AdminAuditLogRoute() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filter: AuditLogFilter = { page: pageOf(params), page_size: pageSizeOf(params) };
  for (const field of auditFields) {
    const value = params.get(field);
    if (value) filter[field] = value;
  }
  return (
    <>
      <AdminTitle>{t('adminConsole.audit.title')}</AdminTitle>
      <AuditLog
        key={auditFields.map((field) => params.get(field) ?? '').join('|')}
        filter={filter}
        onFilterChange={(next) => setParams(toSearch(next))}
      />
    </>
  );
}
