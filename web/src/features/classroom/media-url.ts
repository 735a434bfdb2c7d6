import { env } from '@/config/env';

/**
 * The API sends media as server paths (`/media/{id}`, signed `/media/{id}?expires=…`); the
 * browser fetches them from the API's origin, which is not this page's when the SPA is
 * deployed on its own.
 */
export function mediaUrl(url: string): string {
  return /^https?:\/\//.test(url) ? url : `${env.apiBaseUrl}${url}`;
}
