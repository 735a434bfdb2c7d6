// Build-time settings (VITE_*), checked once at start-up so a bad build fails loudly.

function parseOrigin(raw: string | undefined): string {
  if (raw === undefined || raw === '') return window.location.origin;
  try {
    return new URL(raw).origin;
  } catch {
    throw new Error(`VITE_API_ORIGIN is not an absolute URL: ${raw}`);
  }
}

export const env = {
  /**
   * Where the API lives (the spec's paths carry `/api/v1`). Defaults to this origin: the
   * server serves the SPA too. Set it when the SPA is deployed on its own (and allow this
   * origin in the server's KETANG_CORS__ALLOWED_ORIGINS).
   */
  apiOrigin: parseOrigin(import.meta.env.VITE_API_ORIGIN as string | undefined),
  /** Identifies the build in error reports. */
  release: (import.meta.env.VITE_RELEASE as string | undefined) ?? 'dev',
} as const;
