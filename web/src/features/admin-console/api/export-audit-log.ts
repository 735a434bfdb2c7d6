import { useMutation } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import type { AuditFilter } from './get-audit-log';

/**
 * GET /admin/audit-log.xlsx with the list's filters, through the API client (it carries the
 * bearer token and renews it), then handed to the browser as a download.
 */
export function useExportAuditLog() {
  return useMutation({
    mutationFn: async ({ filter, filename }: { filter: AuditFilter; filename: string }) => {
      const blob = unwrap(
        await api.GET('/api/v1/admin/audit-log.xlsx', {
          params: { query: filter },
          parseAs: 'blob',
        }),
      );
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = filename;
      document.body.append(link);
      link.click();
      link.remove();
      // After the click the browser holds its own reference; free ours on the next tick.
      setTimeout(() => URL.revokeObjectURL(url), 0);
    },
  });
}
