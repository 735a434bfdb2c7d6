import { useMutation } from '@tanstack/react-query';

import { env } from '@/config/env';
import { api, unwrap } from '@/lib/api-client';

export type StartSso = {
  /** The provider's name in `/auth/sso/{provider}/…` (`wechat`, `wechat_h5`, …). */
  provider: string;
  /** The SPA path to come back to: after signing in, or with the outcome of a link. */
  next?: string;
};

/**
 * GET /auth/sso/{provider}/authorize. Signed out, it starts a sign-in; signed in (the API
 * client sends the bearer token) it LINKS the identity to the account, and the browser comes
 * back to `{next}?linked=…` or `{next}?sso_error=…`. Resolves to the absolute address to send
 * the browser to (the sandbox answers one relative to the API server).
 */
export function useStartSso() {
  return useMutation({
    mutationFn: async ({ provider, next }: StartSso) => {
      const { authorize_url } = unwrap(
        await api.GET('/api/v1/auth/sso/{provider}/authorize', {
          params: { path: { provider }, query: { next } },
        }),
      );
      return new URL(authorize_url, `${env.apiBaseUrl}/`).href;
    },
  });
}
