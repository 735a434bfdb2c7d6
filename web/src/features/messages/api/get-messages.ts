import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { messagesQueryKey } from '@/hooks/use-unread-messages';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type Message = components['schemas']['Message'];
export type MessageList = components['schemas']['MessageList'];

export function getMessagesQueryOptions(page: number, pageSize: number) {
  return queryOptions({
    queryKey: [...messagesQueryKey, 'list', { page, pageSize }],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/messages', { params: { query: { page, page_size: pageSize } } }),
      ),
  });
}

/** GET /messages: one page, newest first, with the unread count across all pages. */
export function useMessages(page: number, pageSize: number) {
  return useQuery({
    ...getMessagesQueryOptions(page, pageSize),
    // Keep the old page on screen while the next one loads: the pager does not jump.
    placeholderData: keepPreviousData,
  });
}
