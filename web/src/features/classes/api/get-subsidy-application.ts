import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, ApiProblem, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { classQueryKey } from './keys';

export type SubsidyApplication = components['schemas']['SubsidyApplication'];

export const subsidyApplicationQueryKey = (orgId: string, classId: string) =>
  [...classQueryKey(orgId, classId), 'subsidy', 'application'] as const;

export function getSubsidyApplicationQueryOptions(orgId: string, classId: string) {
  return queryOptions({
    queryKey: subsidyApplicationQueryKey(orgId, classId),
    queryFn: async (): Promise<SubsidyApplication | null> => {
      try {
        return unwrap(
          await api.GET('/api/v1/orgs/{org_id}/classes/{class_id}/subsidy-application', {
            params: { path: { org_id: orgId, class_id: classId } },
          }),
        );
      } catch (error) {
        // 404 before the first application: "none yet", not an error.
        if (error instanceof ApiProblem && error.status === 404) return null;
        throw error;
      }
    },
  });
}

/** GET …/subsidy-application (any member): the class's application, or null before one. */
export function useSubsidyApplication(orgId: string, classId: string) {
  return useQuery(getSubsidyApplicationQueryOptions(orgId, classId));
}
