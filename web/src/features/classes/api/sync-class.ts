import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { isFinished } from './get-job';
import { classesQueryKey } from './keys';

export type ClassSync = components['schemas']['ClassSync'];

function classSyncQueryOptions(orgId: string, classId: string) {
  return queryOptions({
    queryKey: [...classesQueryKey(orgId), classId, 'sync'],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/classes/{class_id}/sync', {
          params: { path: { org_id: orgId, class_id: classId } },
        }),
      ),
  });
}

/**
 * GET …/sync (any member): the latest sync job with its progress, how many activated students
 * are department members, and the students DingTalk refused (reason in plain words). Polled
 * every second while a sync runs.
 */
export function useClassSync(orgId: string, classId: string) {
  return useQuery({
    ...classSyncQueryOptions(orgId, classId),
    refetchInterval: (query) => {
      const job = query.state.data?.job;
      return job && !isFinished(job) ? 1000 : false;
    },
  });
}

/**
 * POST …/sync (owner or admin): queues the sync — the class's DingTalk department (with its
 * group) and its activated students as members, existing company members joining it too — as
 * a background job, and answers where it stands (the running one, if any). Safe to repeat.
 */
export function useSyncClass(orgId: string, classId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/orgs/{org_id}/classes/{class_id}/sync', {
          params: { path: { org_id: orgId, class_id: classId } },
        }),
      ),
    onSuccess: (sync) => {
      queryClient.setQueryData(classSyncQueryOptions(orgId, classId).queryKey, sync);
      void queryClient.invalidateQueries({ queryKey: classesQueryKey(orgId) });
    },
  });
}
