import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { ownCourseQueryKey } from './get-own-course';

export function getCourseRevisionsQueryOptions(orgId: string, courseId: string) {
  return queryOptions({
    queryKey: [...ownCourseQueryKey(orgId, courseId), 'revisions'],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/orgs/{org_id}/courses/{course_id}/revisions', {
          params: { path: { org_id: orgId, course_id: courseId } },
        }),
      ),
  });
}

/** GET …/revisions: every submission and decision, newest first (the review history). */
export function useCourseRevisions(orgId: string, courseId: string) {
  return useQuery(getCourseRevisionsQueryOptions(orgId, courseId));
}
