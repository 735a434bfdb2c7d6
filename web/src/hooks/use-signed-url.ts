// POST /api/v1/media/{id}/signed-url: a short-lived URL for a private file (a course video, a
// voucher). Shared by the upload field's preview (media) and the reviewers' video preview
// (reviews), so it lives here; one key, so the two share the cache.

import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import { mediaUrl } from '@/lib/media-url';

/**
 * The server signs a URL for 10 minutes: reuse it for 5, then ask again when next needed. (Not
 * refetched on a timer: a new URL would restart a playing video.)
 */
const FRESH_MS = 5 * 60 * 1000;

export function getSignedUrlQueryOptions(mediaId: string) {
  return queryOptions({
    queryKey: ['media', mediaId, 'signed-url'],
    queryFn: async () => {
      const params = { path: { media_id: mediaId } };
      const signed = unwrap(await api.POST('/api/v1/media/{media_id}/signed-url', { params }));
      return mediaUrl(signed.url);
    },
    staleTime: FRESH_MS,
  });
}

/** The browser-ready signed URL of `mediaId`; not asked for without an id or when not `enabled`. */
export function useSignedUrl(mediaId: string | undefined, enabled = true) {
  return useQuery({ ...getSignedUrlQueryOptions(mediaId ?? ''), enabled: enabled && !!mediaId });
}
