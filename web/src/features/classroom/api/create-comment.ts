import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { commentsQueryKey } from './get-comments';
import { courseQueryKey } from './get-course';
import { coursesQueryKey } from './get-courses';

export type NewComment = components['schemas']['NewComment'];

/** POST /courses/{id}/comments (signed in): a comment with an optional 1–5 rating. */
export function useCreateComment(courseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewComment) =>
      unwrap(
        await api.POST('/api/v1/courses/{course_id}/comments', {
          params: { path: { course_id: courseId } },
          body,
        }),
      ),
    onSuccess: async () => {
      // A rating moves the course's average, on its page and on its catalog card.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: commentsQueryKey(courseId) }),
        queryClient.invalidateQueries({ queryKey: courseQueryKey(courseId) }),
        queryClient.invalidateQueries({ queryKey: coursesQueryKey }),
      ]);
    },
  });
}
