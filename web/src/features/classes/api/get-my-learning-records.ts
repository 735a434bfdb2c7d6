import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type MyClassRecords = components['schemas']['MyClassRecords'];

/** Under ['me'], so signing out drops it. */
export const myLearningRecordsQueryKey = ['me', 'learning-records'] as const;

export function getMyLearningRecordsQueryOptions() {
  return queryOptions({
    queryKey: myLearningRecordsQueryKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/me/learning-records')),
  });
}

/**
 * GET /me/learning-records (signed in): the classes that list the user's phone as an
 * activated student, newest first, each with the user's sessions; empty without a phone.
 */
export function useMyLearningRecords() {
  return useQuery(getMyLearningRecordsQueryOptions());
}
