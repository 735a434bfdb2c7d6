import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';

import { api, ApiProblem, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { orgMembershipQueryKey } from './keys';

export type Membership = components['schemas']['Membership'];
export type MemberProfile = components['schemas']['MemberProfile'];
export type CouncilRepresentative = components['schemas']['CouncilRepresentative'];

/** The org's membership, or null when it has none (the API's 404). */
export function getMembershipQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: orgMembershipQueryKey(orgId),
    queryFn: async (): Promise<Membership | null> => {
      try {
        return unwrap(
          await api.GET('/api/v1/orgs/{org_id}/membership', {
            params: { path: { org_id: orgId } },
          }),
        );
      } catch (error) {
        if (error instanceof ApiProblem && error.status === 404) return null;
        throw error;
      }
    },
  });
}

/** GET /orgs/{org_id}/membership: status, level, tags, profile and what it still lacks. */
export function useMembership(orgId: string) {
  return useQuery(getMembershipQueryOptions(orgId));
}

export type MyMembership =
  | { status: 'loading' }
  | { status: 'error'; error: unknown; retry: () => void }
  /** `membership` is null when none of the orgs has one. */
  | { status: 'ready'; orgId: string | null; membership: Membership | null };

/**
 * The member unit the user acts for: the first of their orgs (`orgIds`, as GET /orgs lists
 * them) that has a membership. A member's contact owns exactly one such org; someone in
 * several gets the oldest.
 */
export function useMyMembership(orgIds: readonly string[]): MyMembership {
  const results = useQueries({ queries: orgIds.map((id) => getMembershipQueryOptions(id)) });
  const failed = results.find((result) => result.isError);
  if (failed) {
    return {
      status: 'error',
      error: failed.error,
      retry: () => results.forEach((result) => void result.refetch()),
    };
  }
  if (results.some((result) => result.isPending)) return { status: 'loading' };
  const index = results.findIndex((result) => result.data);
  return index < 0
    ? { status: 'ready', orgId: null, membership: null }
    : { status: 'ready', orgId: orgIds[index]!, membership: results[index]!.data! };
}

/** The levels whose members list council representatives (SPEC §6: 理事 and above). */
export function isCouncil(membership: Membership): boolean {
  return membership.level?.council === true;
}
