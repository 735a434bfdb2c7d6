import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { legalQueryKey, type LegalKind } from '@/hooks/use-legal-document';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type LegalVersion = components['schemas']['LegalVersion'];

export type VersionsPage = { page: number; page_size: number };

/** GET /legal/{kind}/versions (public): the history, newest first, without the bodies. */
export function getLegalVersionsQueryOptions(kind: LegalKind, query: VersionsPage) {
  return queryOptions({
    queryKey: [...legalQueryKey, kind, 'versions', query],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/legal/{kind}/versions', {
          params: { path: { kind }, query },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useLegalVersions(kind: LegalKind, query: VersionsPage) {
  return useQuery(getLegalVersionsQueryOptions(kind, query));
}
