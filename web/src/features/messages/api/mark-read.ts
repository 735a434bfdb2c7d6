import { useMutation, useQueryClient } from '@tanstack/react-query';

import { messagesQueryKey } from '@/hooks/use-unread-messages';
import { api, expectOk } from '@/lib/api-client';

/** POST /messages/{id}/read, then the list and the header badge ask again. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (messageId: string) =>
      expectOk(
        await api.POST('/api/v1/messages/{message_id}/read', {
          params: { path: { message_id: messageId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: messagesQueryKey }),
  });
}
