// The unread count of the message center (SPEC §2): the badge in the header and the account
// menu need it, and the message center changes it, so it lives here, shared. Keyed under
// ['me', …]: the app drops it when the session ends (`app/provider.tsx`).

import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { useSessionStatus } from './use-session';

/** Every query about the caller's messages; invalidate it after marking any read. */
export const messagesQueryKey = ['me', 'messages'] as const;

/** How often the header asks again: messages arrive from reviews done elsewhere. */
export const unreadRefetchMs = 60_000;

export function getUnreadCountQueryOptions() {
  return queryOptions({
    queryKey: [...messagesQueryKey, 'unread'],
    // One item is the least a page can hold; `unread` counts across all pages.
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/messages', { params: { query: { page: 1, page_size: 1 } } }))
        .unread,
    refetchInterval: unreadRefetchMs,
    staleTime: 0,
  });
}

/** The signed-in user's unread messages; not fetched (undefined) while signed out. */
export function useUnreadCount() {
  const status = useSessionStatus();
  return useQuery({ ...getUnreadCountQueryOptions(), enabled: status === 'signed-in' });
}
