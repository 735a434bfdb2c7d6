// Build-time settings (VITE_*), checked once at start-up so a bad build fails loudly.

/**
 * Where the API server lives. The spec's paths already carry `/api/v1`, so this is the
 * server's origin (plus a path prefix if a proxy mounts it under one), never `…/api/v1`.
 */
export function parseApiBaseUrl(raw: string | undefined): string {
  if (raw === undefined || raw.trim() === '') return window.location.origin;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(`VITE_API_BASE_URL is not an absolute URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`VITE_API_BASE_URL must be http(s): ${raw}`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new Error(`VITE_API_BASE_URL must not carry a query or fragment: ${raw}`);
  }
  const prefix = url.pathname.replace(/\/+$/, '');
  if (/\/api\/v\d+$/.test(prefix)) {
    throw new Error(`VITE_API_BASE_URL must not end in /api/v1 (the paths carry it): ${raw}`);
  }
  return url.origin + prefix;
}

export const env = {
  /**
   * The API server's base URL, default this page's origin (the server serves the SPA too).
   * Set it when the SPA is deployed on its own, and allow this SPA's origin in the
   * server's CORS settings.
   */
  apiBaseUrl: parseApiBaseUrl(import.meta.env.VITE_API_BASE_URL),
  /** Identifies the build in error reports. */
  release: import.meta.env.VITE_RELEASE?.trim() || 'dev',
} as const;
