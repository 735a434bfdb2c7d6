import { queryOptions, useQuery } from '@tanstack/react-query';

import { env } from '@/config/env';
import { api, unwrap } from '@/lib/api-client';

/**
 * The server signs a URL for 10 minutes: reuse it for 5, then ask again when next needed. (Not
 * refetched on a timer: a new URL would restart a playing video.)
 */
const FRESH_MS = 5 * 60 * 1000;

/** Media URLs are relative to the API server (`/media/{id}…`); the SPA may live elsewhere. */
export function absoluteMediaUrl(url: string): string {
  return /^https?:\/\//.test(url) ? url : `${env.apiBaseUrl}${url}`;
}

/** POST /media/{id}/signed-url: a short-lived URL for a private file (a video, a voucher). */
export function getSignedUrlQueryOptions(mediaId: string) {
  return queryOptions({
    queryKey: ['media', mediaId, 'signed-url'],
    queryFn: async () => {
      const params = { path: { media_id: mediaId } };
      const signed = unwrap(await api.POST('/api/v1/media/{media_id}/signed-url', { params }));
      return absoluteMediaUrl(signed.url);
    },
    staleTime: FRESH_MS,
  });
}

export function useSignedUrl(mediaId: string | undefined, enabled = true) {
  return useQuery({ ...getSignedUrlQueryOptions(mediaId ?? ''), enabled: enabled && !!mediaId });
}
