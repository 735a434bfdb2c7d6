import { useSyncExternalStore } from 'react';

import { getSession, subscribeSession, type SessionStatus } from '@/lib/session';

/** Whether this tab is signed in (`unknown` while the start-up refresh is out). */
export function useSessionStatus(): SessionStatus {
  return useSyncExternalStore(subscribeSession, () => getSession().status);
}
