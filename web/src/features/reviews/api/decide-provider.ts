import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { reviewsQueryKey } from './get-review-counts';

/** A decision: approve, or reject with the reason the provider will read. */
export type Decision = { approve: true } | { approve: false; reason: string };

/**
 * POST /admin/provider-reviews/{id}/approve (the submission becomes the public profile) or
 * …/reject with a reason; 409 `wrong_state` when someone decided first.
 */
export function useDecideProvider(revisionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (decision: Decision) => {
      const params = { path: { revision_id: revisionId } };
      return unwrap(
        decision.approve
          ? await api.POST('/api/v1/admin/provider-reviews/{revision_id}/approve', { params })
          : await api.POST('/api/v1/admin/provider-reviews/{revision_id}/reject', {
              params,
              body: { reason: decision.reason },
            }),
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reviewsQueryKey }),
  });
}
