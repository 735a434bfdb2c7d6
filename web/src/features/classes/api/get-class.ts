import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { classQueryKey } from './keys';

export function getClassQueryOptions(orgId: string, classId: string) {
  return queryOptions({
    queryKey: [...classQueryKey(orgId, classId), 'detail'],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/classes/{class_id}', {
          params: { path: { org_id: orgId, class_id: classId } },
        }),
      ),
  });
}

/** GET /orgs/{org}/classes/{class} (any member); 404 for another org's class. */
export function useClass(orgId: string, classId: string) {
  return useQuery(getClassQueryOptions(orgId, classId));
}
