import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, ApiProblem, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { classQueryKey } from './keys';

export type Certificate = components['schemas']['Certificate'];

export const certificateQueryKey = (orgId: string, classId: string) =>
  [...classQueryKey(orgId, classId), 'certificate'] as const;

export function getCertificateQueryOptions(orgId: string, classId: string) {
  return queryOptions({
    queryKey: certificateQueryKey(orgId, classId),
    queryFn: async (): Promise<Certificate | null> => {
      try {
        return unwrap(
          await api.GET('/api/v1/orgs/{org_id}/classes/{class_id}/certificate', {
            params: { path: { org_id: orgId, class_id: classId } },
          }),
        );
      } catch (error) {
        // 404 before the first certificate: "none yet", not an error.
        if (error instanceof ApiProblem && error.status === 404) return null;
        throw error;
      }
    },
  });
}

/** GET …/certificate (any member): the class's current valid certificate, or null before one. */
export function useCertificate(orgId: string, classId: string) {
  return useQuery(getCertificateQueryOptions(orgId, classId));
}
