// 同步班级信息至直播平台 from wherever it is offered (班级管理 and the student list's
// toolbar): the latest sync as the server tells it (polled while it runs), and starting one.

import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

import { isFinished } from '../api/get-job';
import { classQueryKey } from '../api/keys';
import { useClassSync, useSyncClass, type ClassSync } from '../api/sync-class';

export type SyncAction = {
  start: () => void;
  /** Starting, or a sync (from here or elsewhere) still running: no second start. */
  busy: boolean;
  /** A sync (from here or elsewhere) is running on the server. */
  running: boolean;
  /** The latest sync failed: the button offers to retry it. */
  failed: boolean;
  /** The latest sync with its progress, members and refusals; undefined until loaded. */
  state: ClassSync | undefined;
  /** This page started a sync and the server took it (its outcome is worth showing here). */
  started: boolean;
  error: unknown;
};

export function useSyncAction(orgId: string, classId: string): SyncAction {
  const queryClient = useQueryClient();
  const sync = useSyncClass(orgId, classId);
  const state = useClassSync(orgId, classId);
  const job = state.data?.job;
  const running = job ? !isFinished(job) : false;
  const startedHere = sync.isSuccess;

  // A sync started here has ended: the class now says when it was synced (the heading's tag).
  useEffect(() => {
    if (startedHere && (job?.status === 'succeeded' || job?.status === 'failed')) {
      void queryClient.invalidateQueries({ queryKey: classQueryKey(orgId, classId) });
    }
  }, [startedHere, job?.status, orgId, classId, queryClient]);
  return {
    start: () => sync.mutate(),
    busy: sync.isPending || running,
    running,
    failed: job?.status === 'failed',
    state: state.data,
    started: startedHere,
    error: sync.error,
  };
}
