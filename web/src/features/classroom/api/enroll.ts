import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { myCourseStatusQueryKey } from './get-my-course-status';

export type AttendeeDetails = components['schemas']['AttendeeDetails'];

/**
 * POST /courses/{id}/enrollment (报名): a live course, before it starts, while places last,
 * with the learner's name and company as the provider's lists show them.
 */
export function useEnroll(courseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (details: AttendeeDetails) =>
      unwrap(
        await api.POST('/api/v1/courses/{course_id}/enrollment', {
          params: { path: { course_id: courseId } },
          body: details,
        }),
      ),
    onSuccess: (status) => queryClient.setQueryData(myCourseStatusQueryKey(courseId), status),
    // Refused (full, already enrolled, closed): what the page shows is stale; ask again.
    onError: () => queryClient.invalidateQueries({ queryKey: myCourseStatusQueryKey(courseId) }),
  });
}
