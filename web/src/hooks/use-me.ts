// GET /api/v1/me: the signed-in user's account. Shared by the header, the route guard's
// pages and every feature that needs to know who is signed in, so it lives here.
// Queries about the signed-in user are keyed under ['me', …]; the app drops them all when
// the session ends (`app/provider.tsx`), so the next person on this device sees none of it.

import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { useSessionStatus } from './use-session';

export type Me = components['schemas']['Me'];

export const meQueryKey = ['me'] as const;

export function getMeQueryOptions() {
  return queryOptions({
    queryKey: meQueryKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/me')),
  });
}

/** The signed-in user; not fetched (and `data` undefined) while signed out. */
export function useMe() {
  const status = useSessionStatus();
  return useQuery({ ...getMeQueryOptions(), enabled: status === 'signed-in' });
}

/**
 * Whether the signed-in user is an auditor: a platform operator who reads the review queues
 * but decides nothing (the API admits only reviewers and super admins to decisions).
 */
export function useIsAuditor(): boolean {
  return useMe().data?.admin_role === 'auditor';
}
