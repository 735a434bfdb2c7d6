// Debian's Chromium driven by playwright-core: no browser download (TOOLING.md).
import { mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

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

/**
 * The dialog that stops a signed-in user who has not agreed to the current version of a text
 * (the legal statement, the privacy policy, the charter) until they do or sign out.
 */
export const reconsentDialog = (page) =>
  page.getByRole('dialog').filter({ has: page.getByRole('button', { name: '同意并继续' }) });

/**
 * A browser context for a test, in Chinese (the product's language), that keeps a record of
 * every antd `message` toast its pages show (see `toast`).
 *
 * Accounts the CLI or the demo seed made (the operators, the demo users) agreed to no text, so
 * their first sign-in asks (`reconsentDialog`); so does a text published during the run. A
 * test about something else agrees and goes on: its pages click 同意并继续 whenever the
 * dialog stands in the way of an action. `agreeToNewTerms: false` leaves it to the test.
 */
export async function newContext(browser, { agreeToNewTerms = true, ...options } = {}) {
  // Reduced motion: the app then turns antd's animations off, so a menu or dialog never moves
  // between a click's press and release (which sends the click to no one).
  const context = await browser.newContext({
    locale: 'zh-CN',
    reducedMotion: 'reduce',
    ...options,
  });
  await context.addInitScript(recordToasts);
  if (agreeToNewTerms) {
    context.on('page', (page) => {
      void page.addLocatorHandler(reconsentDialog(page), (dialog) =>
        dialog.getByRole('button', { name: '同意并继续' }).click(),
      );
    });
  }
  return context;
}

/**
 * For a context signed in through the API (its refresh cookie): the hint the SPA keeps in
 * localStorage at sign-in, without which a page load does not ask for a refresh
 * (`src/lib/session.ts`).
 */
export async function rememberSignIn(context) {
  await context.addInitScript(() => window.localStorage.setItem('ketang.signed-in', '1'));
}

// Runs in each page before the app: notes the text of every toast as it appears. A toast
// lives 3 s; on a loaded machine a test can look later than that and miss it on the screen,
// never in this record.
function recordToasts() {
  const shown = [];
  Object.defineProperty(window, '__ketangToasts', { value: shown });
  const seen = new WeakSet();
  new MutationObserver(() => {
    for (const notice of document.querySelectorAll('.ant-message-notice')) {
      if (seen.has(notice)) continue;
      seen.add(notice);
      shown.push({ text: (notice.textContent ?? '').replace(/\s+/g, ' ').trim(), taken: false });
    }
  }).observe(document, { childList: true, subtree: true });
}

/**
 * Waits until the page (of a `newContext` context) has shown a toast whose text is `text`
 * (a string: the whole text; a RegExp: a match) since it loaded, and returns that text. Each
 * toast answers one call, so an action that is done twice must toast twice. Wait for what
 * the action left on the page first; the toast only says it.
 */
export async function toast(page, text, { timeout = 30_000 } = {}) {
  const wanted =
    text instanceof RegExp ? { source: text.source, flags: text.flags } : { exact: text };
  try {
    const found = await page.waitForFunction(
      ({ source, flags, exact }) => {
        const matches = (shown) =>
          exact !== undefined ? shown === exact : new RegExp(source, flags).test(shown);
        const entry = (window.__ketangToasts ?? []).find((t) => !t.taken && matches(t.text));
        if (!entry) return false;
        entry.taken = true;
        return entry.text;
      },
      wanted,
      { timeout, polling: 100 },
    );
    return await found.jsonValue();
  } catch (error) {
    // Say what the page did show instead: the toasts, and errors under fields or in alerts.
    const shown = await page
      .evaluate(() => ({
        toasts: (window.__ketangToasts ?? []).map((t) => t.text),
        errors: [...document.querySelectorAll('.ant-form-item-explain-error, .ant-alert')].map(
          (e) => e.textContent,
        ),
      }))
      .catch(() => 'unknown (the page is gone)');
    error.message += `\nwanted a toast ${text}; the page showed ${JSON.stringify(shown)}`;
    throw error;
  }
}

/**
 * How far each visible table is wider than its box (0: it fits without scrolling sideways),
 * and whether the cells of a pinned action column are inside the window: operator tables
 * keep their actions in view at 1280 px (issue 21 item 3).
 */
export async function tableFit(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.ant-table-wrapper')]
      .filter((wrapper) => wrapper.offsetParent !== null)
      .map((wrapper) => {
        const box = wrapper.querySelector('.ant-table-content, .ant-table-body');
        const pinned = [...wrapper.querySelectorAll('td.ant-table-cell-fix-end')];
        return {
          hidden: box ? box.scrollWidth - box.clientWidth : 0,
          pinnedOutside: pinned.filter((cell) => {
            const rect = cell.getBoundingClientRect();
            return rect.left < 0 || rect.right > window.innerWidth;
          }).length,
          pinned: pinned.length,
        };
      }),
  );
}

// CRC-32 for PNG chunks (no library needed for a solid-colour test picture).
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
/** A real PNG of `width`×`height` in one colour: the server decodes it to check its size. */
export function png(width, height, [r, g, b]) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, Buffer.from([r, g, b]))]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(pixels)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
