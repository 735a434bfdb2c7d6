/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API server (make run) listens on 8080; `vite` and `vite preview` forward everything
// it owns. KETANG_API_URL points them at another one.
const api = process.env.KETANG_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: {
    proxy: Object.fromEntries(
      ['/api', '/healthz', '/readyz', '/docs', '/openapi.json', '/media', '/sandbox'].map((p) => [
        p,
        api,
      ]),
    ),
  },
  build: { outDir: 'dist', chunkSizeWarningLimit: 1500 },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/testing/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // Form-heavy antd pages take seconds to render and type into under jsdom, more so while
    // the machine also compiles the API.
    testTimeout: 60_000,
  },
});
