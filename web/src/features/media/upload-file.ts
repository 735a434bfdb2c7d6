// The upload engine behind every file field (issue 4 §5; server: `api/src/media/handlers.rs`).
//
//   POST /uploads {purpose, file_name, size, sha256}  → a session with its chunk size
//   PUT  /uploads/{id}/chunks/{n}  (raw bytes)        → one chunk, in order
//   GET  /uploads/{id}                                → which chunks the server has
//   POST /uploads/{id}/complete                       → the Media, or 422 naming what is wrong
//
// A chunk that fails for a transient reason (network, 5xx, 408, 429) is retried with
// exponential backoff; before each retry the session is read again and only the chunks the
// server lacks are sent (a PUT whose answer was lost may have arrived). When the retries run
// out, an `UploadInterruptedError` carries what `resume` needs to continue the same session
// later, sending only the missing chunks. An `AbortSignal` cancels at any point.
//
// SHA-256: WebCrypto cannot hash incrementally and no streaming hasher (hash-wasm…) is among
// the dependencies, so `crypto.subtle.digest` hashes the whole file in one buffer. The
// largest file the rules allow is 150 MB (a course video), which browsers handle; files over
// `MAX_HASHED_BYTES` are refused rather than risk exhausting a phone's memory. With a
// streaming hasher added, only `sha256Hex` changes.

import { api, ApiProblem } from '@/lib/api-client';
import type { components } from '@/types/api';

import type { Media, MediaPurpose } from './upload-rules';

export type UploadSession = components['schemas']['Upload'];

export type UploadPhase = 'hashing' | 'uploading' | 'completing';
/** `sent` of `total` bytes have reached the server. */
export type UploadProgress = { phase: UploadPhase; sent: number; total: number };

/** What continuing an interrupted upload needs: its session, and the hash already computed. */
export type ResumeToken = { uploadId: string; sha256: string };

export type UploadOptions = {
  purpose: MediaPurpose;
  /** The org the file belongs to (the caller must be a member). */
  orgId?: string;
  signal?: AbortSignal;
  onProgress?: (progress: UploadProgress) => void;
  /** From an `UploadInterruptedError` for the same file: continue that session. */
  resume?: ResumeToken;
  /** Attempts per chunk in a row (default 5) and the first wait (default 1 s, then doubling). */
  retry?: { attempts?: number; baseDelayMs?: number };
};

/** The connection failed more times in a row than `retry.attempts`; `resume` continues. */
export class UploadInterruptedError extends Error {
  readonly resume: ResumeToken;

  constructor(resume: ResumeToken, cause: unknown) {
    super('upload interrupted', { cause });
    this.name = 'UploadInterruptedError';
    this.resume = resume;
  }
}

/** A failed answer that is not problem+json (a proxy's 502 page, say). */
export class HttpStatusError extends Error {
  readonly status: number;

  constructor(status: number, url: string) {
    super(`Unexpected ${status} from ${url}`);
    this.name = 'HttpStatusError';
    this.status = status;
  }
}

/** The largest file hashed in one buffer (see the module comment). */
export const MAX_HASHED_BYTES = 200 * 1024 * 1024;
const MAX_DELAY_MS = 30_000;

/** Cancelled through the signal (by name: DOMException differs between realms in tests). */
export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'name' in error && error.name === 'AbortError'
  );
}

/** Worth trying again: the network failed, or the server or a proxy was briefly unable. */
export function isTransient(error: unknown): boolean {
  if (isAbortError(error)) return false;
  if (error instanceof ApiProblem || error instanceof HttpStatusError) {
    return error.status >= 500 || error.status === 408 || error.status === 429;
  }
  return error instanceof TypeError; // what `fetch` throws when the connection fails
}

/** Lower-case hex SHA-256 of the whole file. */
export async function sha256Hex(file: Blob, signal?: AbortSignal): Promise<string> {
  if (file.size > MAX_HASHED_BYTES) throw new RangeError(`file too large to hash: ${file.size}`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  signal?.throwIfAborted();
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  signal?.throwIfAborted();
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The body of a successful call; a failed one throws (problems already as `ApiProblem`). */
function ok<T>(result: { data?: T; error?: unknown; response: Response }): T | undefined {
  if (!result.response.ok) {
    throw result.error instanceof Error
      ? result.error
      : new HttpStatusError(result.response.status, result.response.url);
  }
  return result.data;
}

function required<T>(data: T | undefined, what: string): T {
  if (data === undefined) throw new Error(`empty answer to ${what}`);
  return data;
}

async function createSession(
  file: File,
  sha256: string,
  { purpose, orgId, signal }: UploadOptions,
): Promise<UploadSession> {
  // The server takes at most 200 characters: keep the end, where the extension is.
  const fileName = [...file.name.trim()].slice(-200).join('') || 'file';
  const body = { purpose, file_name: fileName, size: file.size, sha256, org_id: orgId };
  const data = ok(await api.POST('/api/v1/uploads', { body, signal }));
  return required(data, 'POST /uploads');
}

async function getSession(uploadId: string, signal?: AbortSignal): Promise<UploadSession> {
  const params = { path: { upload_id: uploadId } };
  return required(ok(await api.GET('/api/v1/uploads/{upload_id}', { params, signal })), 'GET');
}

/** The session to continue, or null when the server no longer has it (expired after 24 h). */
async function findSession(uploadId: string, signal?: AbortSignal): Promise<UploadSession | null> {
  try {
    return await getSession(uploadId, signal);
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 404) return null;
    throw error;
  }
}

async function putChunk(
  session: UploadSession,
  n: number,
  bytes: Uint8Array,
  signal?: AbortSignal,
): Promise<void> {
  ok(
    await api.PUT('/api/v1/uploads/{upload_id}/chunks/{n}', {
      params: { path: { upload_id: session.id, n } },
      headers: { 'Content-Type': 'application/octet-stream' },
      // The spec types raw bytes as a string; the serializer hands the bytes to fetch as-is.
      body: '',
      bodySerializer: () => bytes,
      signal,
    }),
  );
}

async function completeSession(uploadId: string, signal?: AbortSignal): Promise<Media> {
  const params = { path: { upload_id: uploadId } };
  const data = ok(await api.POST('/api/v1/uploads/{upload_id}/complete', { params, signal }));
  return required(data, 'POST /complete');
}

/**
 * Uploads `file` for `purpose` and returns the stored Media. Throws an `ApiProblem` when the
 * server refuses the file (422 with `errors[].message`, e.g. "尺寸应为 386×240，实际为
 * 400×300"), an `UploadInterruptedError` when the connection keeps failing, and the signal's
 * `AbortError` when cancelled.
 */
export async function uploadFile(file: File, options: UploadOptions): Promise<Media> {
  const { signal, onProgress } = options;
  const attempts = Math.max(1, options.retry?.attempts ?? 5);
  const baseDelayMs = options.retry?.baseDelayMs ?? 1000;
  const total = file.size;
  signal?.throwIfAborted();

  onProgress?.({ phase: 'hashing', sent: 0, total });
  const sha256 = options.resume?.sha256 ?? (await sha256Hex(file, signal));
  let session = options.resume ? await findSession(options.resume.uploadId, signal) : null;
  if (session && session.size !== file.size) session = null; // a token for another file
  session ??= await createSession(file, sha256, options);
  const current: UploadSession = session;
  const token: ResumeToken = { uploadId: current.id, sha256 };

  const chunkBytes = (n: number) => Math.min(current.chunk_size, total - n * current.chunk_size);
  let received = new Set(current.received);
  const sent = () => [...received].reduce((sum, n) => sum + chunkBytes(n), 0);
  const firstMissing = () => {
    for (let n = 0; n < current.chunk_count; n += 1) if (!received.has(n)) return n;
    return undefined;
  };

  /** Failures so far, per step (`chunk 3`, `complete`…); too many for one step interrupts. */
  const failures = new Map<string, number>();
  /**
   * Runs `step`; a transient failure is waited out (1 s, 2 s, 4 s…) and answers `retry`, until
   * the same step has failed `attempts` times; anything else is thrown.
   */
  async function attempt<T>(key: string, step: () => Promise<T>): Promise<{ value: T } | 'retry'> {
    signal?.throwIfAborted();
    try {
      return { value: await step() };
    } catch (error) {
      if (!isTransient(error)) throw error;
      const failed = (failures.get(key) ?? 0) + 1;
      failures.set(key, failed);
      if (failed >= attempts) throw new UploadInterruptedError(token, error);
      await sleep(Math.min(baseDelayMs * 2 ** (failed - 1), MAX_DELAY_MS), signal);
      return 'retry';
    }
  }
  /** What the server has now: after a failure, the lost answer may hide a stored chunk. */
  async function refresh(): Promise<boolean> {
    const latest = await attempt('session', () => getSession(current.id, signal));
    if (latest === 'retry') return false;
    failures.delete('session');
    received = new Set(latest.value.received);
    return true;
  }

  let stale = false;
  let checkedIncomplete = false;
  for (;;) {
    if (stale) {
      stale = !(await refresh());
      continue;
    }
    const n = current.status === 'completed' ? undefined : firstMissing();
    if (n !== undefined) {
      onProgress?.({ phase: 'uploading', sent: sent(), total });
      const start = n * current.chunk_size;
      const bytes = new Uint8Array(await file.slice(start, start + chunkBytes(n)).arrayBuffer());
      const put = await attempt(`chunk ${n}`, () => putChunk(current, n, bytes, signal));
      if (put === 'retry') stale = true;
      else received.add(n);
      continue;
    }
    onProgress?.({ phase: 'completing', sent: total, total });
    try {
      const media = await attempt('complete', () => completeSession(current.id, signal));
      if (media !== 'retry') return media.value;
    } catch (error) {
      // The server is missing chunks it was thought to have: send them, once.
      const incomplete = error instanceof ApiProblem && error.fieldMessage('chunks') !== undefined;
      if (!incomplete || checkedIncomplete) throw error;
      checkedIncomplete = true;
      stale = true;
    }
  }
}
