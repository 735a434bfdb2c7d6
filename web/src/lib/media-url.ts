// Where the browser fetches an uploaded file from. Every feature that shows a logo, a cover, a
// lecturer's photo or plays a video needs it, so it lives here. Signed URLs for private files
// come from `hooks/use-signed-url.ts`, which passes them through this too.

import { env } from '@/config/env';

/**
 * The API sends media as server paths (`/media/{id}`, signed `/media/{id}?expires=…`); the
 * browser fetches them from the API's origin, which is not this page's when the SPA is
 * deployed on its own. Absolute URLs are left as they are.
 */
export function mediaUrl(url: string): string {
  return /^https?:\/\//.test(url) ? url : `${env.apiBaseUrl}${url}`;
}
