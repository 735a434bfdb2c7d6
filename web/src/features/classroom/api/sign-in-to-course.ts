import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { myCourseStatusQueryKey } from './get-my-course-status';

/**
 * POST /courses/{id}/sign-in (签到) during the live window: with the `code` of the QR shown
 * on site, or without one by button (enrolled users).
 */
export function useSignInToCourse(courseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (code?: string) =>
      unwrap(
        await api.POST('/api/v1/courses/{course_id}/sign-in', {
          params: { path: { course_id: courseId } },
          body: code ? { code } : {},
        }),
      ),
    onSuccess: (status) => queryClient.setQueryData(myCourseStatusQueryKey(courseId), status),
    onError: () => queryClient.invalidateQueries({ queryKey: myCourseStatusQueryKey(courseId) }),
  });
}
