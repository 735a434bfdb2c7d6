import { useMutation, useQueryClient } from '@tanstack/react-query';

import { messagesQueryKey } from '@/hooks/use-unread-messages';
import { api, expectOk } from '@/lib/api-client';

/** POST /messages/read-all, then the list and the header badge ask again. */
export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => expectOk(await api.POST('/api/v1/messages/read-all')),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: messagesQueryKey }),
  });
}
