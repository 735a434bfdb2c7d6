import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type JobStatus = components['schemas']['JobStatus'];

export function isFinished(job: JobStatus): boolean {
  return job.status === 'succeeded' || job.status === 'failed';
}

/**
 * Failed once and queued again: the server retries it with a back-off (30 s, 1 min, 2 min, …),
 * so it stays `queued` with the last attempt's error until then.
 */
export function isRetrying(job: JobStatus): boolean {
  return job.status === 'queued' && !!job.last_error;
}

/** How long to wait between two looks at a retrying job: its next try is minutes away. */
const retryingIntervalMs = 15_000;

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
    refetchInterval: (query) => {
      const job = query.state.data;
      if (job && isFinished(job)) return false;
      return job && isRetrying(job) ? Math.max(intervalMs, retryingIntervalMs) : intervalMs;
    },
  });
}
