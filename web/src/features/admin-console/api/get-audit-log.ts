import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components, operations } from '@/types/api';

import { adminConsoleQueryKey } from './get-dashboard';

export type AuditRecord = components['schemas']['AuditRecord'];
/** The filters the log and its export share (`action` may be a prefix ending in `.`). */
export type AuditFilter = NonNullable<operations['export_audit_log']['parameters']['query']>;
export type AuditLogFilter = AuditFilter & { page: number; page_size: number };

export function getAuditLogQueryOptions(filter: AuditLogFilter) {
  return queryOptions({
    queryKey: [...adminConsoleQueryKey, 'audit-log', filter],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/admin/audit-log', { params: { query: filter } })),
  });
}

/** GET /admin/audit-log: who did what to which object, newest first. */
export function useAuditLog(filter: AuditLogFilter) {
  return useQuery({ ...getAuditLogQueryOptions(filter), placeholderData: keepPreviousData });
}
