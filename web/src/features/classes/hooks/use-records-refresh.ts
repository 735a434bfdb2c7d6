// 更新学习记录 as a job: start the pull, follow it to its end, and reload what the records
// feed (the records page and the student list's hours) once it succeeds. The records page and
// the student list's toolbar both start it; `RecordsRefreshStatus` shows where it stands.

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

import { isFinished, isRetrying, useJob, type JobStatus } from '../api/get-job';
import { classesQueryKey } from '../api/keys';
import { useRefreshRecords } from '../api/refresh-records';

export type RecordsRefresh = {
  start: () => void;
  /** The request to start it is on its way. */
  starting: boolean;
  /** Started and not yet at its end (nor waiting for a retry): no second start. */
  running: boolean;
  /** The job this page started, once the server answered. */
  job: JobStatus | undefined;
  error: unknown;
};

export function useRecordsRefresh(orgId: string, classId: string): RecordsRefresh {
  const queryClient = useQueryClient();
  const refresh = useRefreshRecords(orgId, classId);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(orgId, jobId);
  const finished = job.data !== undefined && isFinished(job.data);
  const retrying = job.data !== undefined && isRetrying(job.data);

  useEffect(() => {
    if (job.data?.status === 'succeeded') {
      void queryClient.invalidateQueries({ queryKey: classesQueryKey(orgId) });
    }
  }, [job.data?.status, orgId, queryClient]);

  return {
    start: () => refresh.mutate(undefined, { onSuccess: (started) => setJobId(started.id) }),
    starting: refresh.isPending,
    running: refresh.isPending || (jobId !== null && !finished && !retrying && !job.isError),
    job: job.data,
    error: refresh.error ?? (job.isError ? job.error : null),
  };
}
