import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { myCourseStatusQueryKey } from './get-my-course-status';

export type SignInRequest = components['schemas']['SignInRequest'];

/**
 * POST /courses/{id}/sign-in (签到) during the live window: with the `code` of the QR shown
 * on site (a walk-in adds their name and company), or without one by button (enrolled users,
 * who gave their name when enrolling).
 */
export function useSignInToCourse(courseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (request: SignInRequest) =>
      unwrap(
        await api.POST('/api/v1/courses/{course_id}/sign-in', {
          params: { path: { course_id: courseId } },
          body: request,
        }),
      ),
    onSuccess: (status) => queryClient.setQueryData(myCourseStatusQueryKey(courseId), status),
    onError: () => queryClient.invalidateQueries({ queryKey: myCourseStatusQueryKey(courseId) }),
  });
}
