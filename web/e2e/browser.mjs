// Debian's Chromium driven by playwright-core: no browser download (TOOLING.md).
import { mkdirSync } from 'node:fs';

import { chromium } from 'playwright-core';

export const baseUrl = process.env.KETANG_BASE_URL ?? 'http://127.0.0.1:8080';
export const artifacts = new URL('./artifacts/', import.meta.url).pathname;
mkdirSync(artifacts, { recursive: true });

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * The platform operator a test file signs in as. `scripts/e2e.sh` makes one operator per file
 * (`1390000000n`), so files never wait out each other's SMS resend interval; against a plain
 * `serve --demo` server it is the demo operator.
 */
export const operatorPhone = (n) =>
  process.env.KETANG_E2E_OPERATORS ? `1390000000${n}` : '13900000000';

export const desktop = { width: 1280, height: 800 };
export const phone = { width: 375, height: 812 };
