// GET /api/v1/legal/{kind} and /legal/{kind}/versions/{version}: the texts users agree to
// (《平台法律声明》, 《隐私政策》, 《协会章程》), public. Shared by the sign-up forms (auth), the
// membership registration (members), the re-consent dialog and the legal pages, so it lives
// here. The form that shows a text sends its `version`: a newer one published meanwhile
// answers 409 `legal_version_outdated` and the form shows the new one (`refetchLegalDocument`).

import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type LegalKind = components['schemas']['LegalKind'];
export type LegalDocument = components['schemas']['LegalDocument'];

export const legalKinds: readonly LegalKind[] = ['terms', 'privacy', 'charter'];

/** Every query about the texts starts with this (the operator's page invalidates it). */
export const legalQueryKey = ['legal'] as const;

/**
 * The current version of `kind`; with `version`, that one of the history (as users who agreed
 * to it saw it: a published version never changes).
 */
export function getLegalDocumentQueryOptions(kind: LegalKind, version?: number) {
  return queryOptions({
    queryKey: [...legalQueryKey, kind, version ?? 'current'],
    queryFn: async (): Promise<LegalDocument> =>
      version === undefined
        ? unwrap(await api.GET('/api/v1/legal/{kind}', { params: { path: { kind } } }))
        : unwrap(
            await api.GET('/api/v1/legal/{kind}/versions/{version}', {
              params: { path: { kind, version } },
            }),
          ),
    ...(version === undefined ? {} : { staleTime: Infinity }),
  });
}

export function useLegalDocument(kind: LegalKind, { version }: { version?: number } = {}) {
  return useQuery(getLegalDocumentQueryOptions(kind, version));
}

/** Asks the server for the current version again (after `legal_version_outdated`). */
export async function refetchLegalDocument(
  queryClient: QueryClient,
  kind: LegalKind,
): Promise<LegalDocument | undefined> {
  try {
    return await queryClient.fetchQuery({ ...getLegalDocumentQueryOptions(kind), staleTime: 0 });
  } catch {
    return undefined; // the dialog that shows it says so, and offers to retry
  }
}
