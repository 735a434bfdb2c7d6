import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { mediaUrl } from '../media-url';

export function getSignedUrlQueryOptions(mediaId: string) {
  return queryOptions({
    queryKey: ['media', mediaId, 'signed-url'],
    queryFn: async () => {
      const params = { path: { media_id: mediaId } };
      const signed = unwrap(await api.POST('/api/v1/media/{media_id}/signed-url', { params }));
      return mediaUrl(signed.url);
    },
    // The server signs for 10 minutes; a new URL would restart a playing video.
    staleTime: 5 * 60 * 1000,
  });
}

/** POST /media/{id}/signed-url: a short-lived URL for a private file (a submitted video). */
export function useSignedUrl(mediaId: string) {
  return useQuery(getSignedUrlQueryOptions(mediaId));
}
