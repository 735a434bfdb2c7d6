/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** See `config/env.ts`. */
  readonly VITE_API_BASE_URL?: string;
  /** Names the build in error reports. */
  readonly VITE_RELEASE?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
