import { env } from '@/config/env';

/** Media URLs are paths on the API server (`/media/{id}`); the SPA may be served elsewhere. */
export function mediaUrl(url: string): string {
  return /^https?:\/\//.test(url) ? url : `${env.apiBaseUrl}${url}`;
}
