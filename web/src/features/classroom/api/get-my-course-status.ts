import { queryOptions, useQuery } from '@tanstack/react-query';

import { useSessionStatus } from '@/hooks/use-session';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type MyCourseStatus = components['schemas']['MyCourseStatus'];

/** Under ['me', …]: dropped when the session ends, so the next person sees none of it. */
export const myCourseStatusQueryKey = (courseId: string) => ['me', 'courses', courseId] as const;

export function getMyCourseStatusQueryOptions(courseId: string) {
  return queryOptions({
    queryKey: myCourseStatusQueryKey(courseId),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/courses/{course_id}/me', {
          params: { path: { course_id: courseId } },
        }),
      ),
  });
}

/** GET /courses/{id}/me: my enrollment, sign-in and study time; not asked while signed out. */
export function useMyCourseStatus(courseId: string) {
  const status = useSessionStatus();
  return useQuery({
    ...getMyCourseStatusQueryOptions(courseId),
    enabled: status === 'signed-in',
  });
}
