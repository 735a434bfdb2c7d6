import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type JobStatus = components['schemas']['JobStatus'];

export function isFinished(job: JobStatus): boolean {
  return job.status === 'succeeded' || job.status === 'failed';
}

export function getJobQueryOptions(orgId: string, jobId: string) {
  return queryOptions({
    queryKey: ['me', 'orgs', orgId, 'jobs', jobId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/jobs/{job_id}', {
          params: { path: { org_id: orgId, job_id: jobId } },
        }),
      ),
  });
}

/** GET /orgs/{org}/jobs/{id} (any member), polled every `intervalMs` until the job finishes. */
export function useJob(orgId: string, jobId: string | null, intervalMs = 1000) {
  return useQuery({
    ...getJobQueryOptions(orgId, jobId ?? ''),
    enabled: jobId !== null,
    refetchInterval: (query) =>
      query.state.data && isFinished(query.state.data) ? false : intervalMs,
  });
}
