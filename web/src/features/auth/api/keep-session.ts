import type { QueryClient } from '@tanstack/react-query';

import { meQueryKey } from '@/hooks/use-me';
import { startSession } from '@/lib/session';
import type { components } from '@/types/api';

export type Session = components['schemas']['Session'];

/** After a sign-in: the token to `lib/session.ts`, the user into the ['me'] cache. */
export function keepSession(queryClient: QueryClient, session: Session): void {
  // Someone else may have used this tab before: nothing of theirs may linger.
  queryClient.removeQueries({ queryKey: meQueryKey });
  queryClient.setQueryData(meQueryKey, session.user);
  startSession(session.access_token);
}
