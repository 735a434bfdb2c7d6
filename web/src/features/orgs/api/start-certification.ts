import { useMutation } from '@tanstack/react-query';

import { env } from '@/config/env';
import { paths } from '@/config/paths';
import { api, unwrap } from '@/lib/api-client';

/**
 * GET /auth/sso/hainan_gov/authorize with the bearer token: for a signed-in caller the API
 * starts an identity LINK, not a sign-in. The 海易办 legal person's enterprise (by USCC) is
 * then certified, or created with the caller as owner, and the browser comes back to
 * `/enterprise?linked=hainan_gov` (or `?sso_error=…`). Resolves to the absolute address to
 * send the browser to (the sandbox answers one relative to the API server).
 */
export function useStartCertification(orgId?: string) {
  return useMutation({
    mutationFn: async () => {
      const { authorize_url } = unwrap(
        await api.GET('/api/v1/auth/sso/{provider}/authorize', {
          params: {
            path: { provider: 'hainan_gov' },
            // Certifying an existing org binds the flow to it: a legal person of another
            // company certifies nothing (`sso_error=certify_company_mismatch`).
            query: { next: paths.enterprise.path, certify_org_id: orgId },
          },
        }),
      );
      return new URL(authorize_url, `${env.apiBaseUrl}/`).href;
    },
  });
}
