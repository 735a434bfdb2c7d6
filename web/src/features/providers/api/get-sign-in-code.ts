import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { ownCourseQueryKey } from './get-own-course';

export type SignInCode = components['schemas']['SignInCode'];

/** The code rotates: ask again every minute (or at `refresh_at`, whichever comes first). */
const REFRESH_MS = 60_000;

export function getSignInCodeQueryOptions(orgId: string, courseId: string) {
  return queryOptions({
    queryKey: [...ownCourseQueryKey(orgId, courseId), 'sign-in-code'],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/courses/{course_id}/sign-in-code', {
          params: { path: { org_id: orgId, course_id: courseId } },
        }),
      ),
    refetchInterval: (query) => {
      const refreshAt = query.state.data ? Date.parse(query.state.data.refresh_at) : NaN;
      const untilRefresh = Number.isFinite(refreshAt) ? refreshAt - Date.now() : REFRESH_MS;
      return Math.max(1_000, Math.min(REFRESH_MS, untilRefresh));
    },
    refetchIntervalInBackground: true,
  });
}

/** GET …/sign-in-code of a live course: the current code and the SPA path to put in a QR. */
export function useSignInCode(orgId: string, courseId: string) {
  return useQuery(getSignInCodeQueryOptions(orgId, courseId));
}
