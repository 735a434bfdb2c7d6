import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import type { Decision } from './decide-provider';
import { reviewsQueryKey } from './get-review-counts';

/**
 * POST /admin/course-reviews/{id}/approve (listed at once, replacing the previous revision)
 * or …/reject with a reason (a listed revision stays listed); 409 `wrong_state`.
 */
export function useDecideCourse(revisionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (decision: Decision) => {
      const params = { path: { revision_id: revisionId } };
      return unwrap(
        decision.approve
          ? await api.POST('/api/v1/admin/course-reviews/{revision_id}/approve', { params })
          : await api.POST('/api/v1/admin/course-reviews/{revision_id}/reject', {
              params,
              body: { reason: decision.reason },
            }),
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reviewsQueryKey }),
  });
}
