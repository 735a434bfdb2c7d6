import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type SsoProvider = components['schemas']['SsoProvider'];

export const ssoProvidersQueryKey = ['sso-providers'] as const;

/** GET /auth/sso/providers: the sign-in providers this deployment offers, in display order. */
export function getSsoProvidersQueryOptions() {
  return queryOptions({
    queryKey: ssoProvidersQueryKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/auth/sso/providers')),
    // Configuration: it changes with a deployment, not while a page is open.
    staleTime: 10 * 60 * 1000,
  });
}

export function useSsoProviders() {
  return useQuery(getSsoProvidersQueryOptions());
}
