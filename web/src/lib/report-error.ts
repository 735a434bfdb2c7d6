import { env } from '@/config/env';

import { api } from './api-client';

/** Sends a front-end failure to the server's log; never throws. */
export function reportError(error: unknown, level: 'error' | 'warning' = 'error'): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const stack = error instanceof Error ? error.stack?.slice(0, 16000) : undefined;
  void api
    .POST('/api/v1/client-reports', {
      body: {
        level,
        message: message.slice(0, 2000) || 'unknown error',
        page_url: window.location.href.slice(0, 2000),
        stack,
        release: env.release.slice(0, 64),
      },
    })
    .catch(() => undefined);
}
