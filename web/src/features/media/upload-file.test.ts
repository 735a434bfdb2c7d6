import { createHash } from 'node:crypto';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { ApiProblem } from '@/lib/api-client';
import { bodyOf, problemReply, stubApi, type Route } from '@/testing/test-utils';

import { fileOf } from './testing/sample-files';
import { uploadFile, UploadInterruptedError, type UploadProgress } from './upload-file';

// Ten bytes in chunks of four: 0 = "abcd", 1 = "efgh", 2 = "ij".
const content = new TextEncoder().encode('abcdefghij');
const sha256 = createHash('sha256').update(content).digest('hex');
const file = () => fileOf(content, 'cover.png', 'image/png');

const session = (received: number[], status = 'open') => ({
  id: 'up1',
  purpose: 'course_cover',
  size: 10,
  chunk_size: 4,
  chunk_count: 3,
  received,
  status,
  media_id: null,
  expires_at: '2026-11-23T08:00:00Z',
});
const media = {
  id: 'm1',
  url: '/media/m1',
  purpose: 'course_cover',
  content_type: 'image/png',
  size: 10,
  sha256,
  width: 386,
  height: 240,
  duration_ms: null,
  visibility: 'public',
};
const stored = { status: 204 };
const networkDown = () => {
  throw new TypeError('Failed to fetch');
};
/** Fails the first `times` calls with `failure`, then answers `then`. */
function failing(times: number, failure: Route, then: Route = stored): Route {
  let calls = 0;
  return async (request) => {
    calls += 1;
    const route = calls <= times ? failure : then;
    if (typeof route === 'function') return route(request);
    return Array.isArray(route) ? route[0]! : route;
  };
}

function routes(overrides: Record<string, Route> = {}): Record<string, Route> {
  return {
    '/api/v1/uploads': { status: 201, body: session([]) },
    '/api/v1/uploads/up1': { body: session([]) },
    '/api/v1/uploads/up1/chunks/0': stored,
    '/api/v1/uploads/up1/chunks/1': stored,
    '/api/v1/uploads/up1/chunks/2': stored,
    '/api/v1/uploads/up1/complete': { status: 201, body: media },
    ...overrides,
  };
}

const noWait = { attempts: 3, baseDelayMs: 0 };

function calls(requests: Request[]) {
  return requests.map((r) => `${r.method} ${new URL(r.url).pathname.replace('/api/v1', '')}`);
}

describe('uploading a file', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('declares the file with its SHA-256, sends each chunk in order, and completes', async () => {
    const { requests } = stubApi(routes());
    const progress: UploadProgress[] = [];

    const result = await uploadFile(file(), {
      purpose: 'course_cover',
      orgId: 'org1',
      onProgress: (p) => progress.push(p),
    });

    expect(result).toEqual(media);
    expect(calls(requests)).toEqual([
      'POST /uploads',
      'PUT /uploads/up1/chunks/0',
      'PUT /uploads/up1/chunks/1',
      'PUT /uploads/up1/chunks/2',
      'POST /uploads/up1/complete',
    ]);
    expect(await bodyOf(requests[0])).toEqual({
      purpose: 'course_cover',
      file_name: 'cover.png',
      size: 10,
      sha256,
      org_id: 'org1',
    });
    const chunks = await Promise.all(requests.slice(1, 4).map((r) => r.clone().text()));
    expect(chunks).toEqual(['abcd', 'efgh', 'ij']);
    expect(requests[1]!.headers.get('Content-Type')).toBe('application/octet-stream');
    expect(progress.map((p) => `${p.phase} ${p.sent}/${p.total}`)).toEqual([
      'hashing 0/10',
      'uploading 0/10',
      'uploading 4/10',
      'uploading 8/10',
      'completing 10/10',
    ]);
  });

  it('after a failed chunk, asks the server what it has and sends only what is missing', async () => {
    // Chunk 1 reached the server but its answer was lost.
    const { requests } = stubApi(
      routes({
        '/api/v1/uploads/up1/chunks/1': failing(1, networkDown),
        '/api/v1/uploads/up1': { body: session([0, 1]) },
      }),
    );

    await expect(uploadFile(file(), { purpose: 'course_cover', retry: noWait })).resolves.toEqual(
      media,
    );

    expect(calls(requests)).toEqual([
      'POST /uploads',
      'PUT /uploads/up1/chunks/0',
      'PUT /uploads/up1/chunks/1',
      'GET /uploads/up1',
      'PUT /uploads/up1/chunks/2',
      'POST /uploads/up1/complete',
    ]);
  });

  it('retries a chunk the server could not take for a while', async () => {
    const unavailable = problemReply(503, { code: 'unavailable', title: '服务暂不可用' });
    const { requests } = stubApi(
      routes({
        '/api/v1/uploads/up1/chunks/1': failing(2, unavailable),
        '/api/v1/uploads/up1': { body: session([0]) },
      }),
    );

    await uploadFile(file(), { purpose: 'course_cover', retry: noWait });

    expect(calls(requests).filter((c) => c.includes('chunks/1'))).toHaveLength(3);
  });

  it('waits longer after each failure: 1 s, then 2 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const unavailable = problemReply(503, { code: 'unavailable', title: '服务暂不可用' });
    const { requests } = stubApi(
      routes({
        '/api/v1/uploads/up1/chunks/1': failing(2, unavailable),
        '/api/v1/uploads/up1': { body: session([0]) },
      }),
    );
    const sends = () => calls(requests).filter((c) => c.endsWith('chunks/1')).length;

    const upload = uploadFile(file(), {
      purpose: 'course_cover',
      resume: { uploadId: 'up1', sha256 },
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(sends()).toBe(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(sends()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sends()).toBe(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(sends()).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sends()).toBe(3);
    await expect(upload).resolves.toEqual(media);
  });

  it('gives up after the retries with what resuming needs, and resumes with the missing chunks only', async () => {
    stubApi(
      routes({
        '/api/v1/uploads/up1/chunks/1': networkDown,
        '/api/v1/uploads/up1': { body: session([0]) },
      }),
    );

    const failure = await uploadFile(file(), {
      purpose: 'course_cover',
      retry: { attempts: 2, baseDelayMs: 0 },
    }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(UploadInterruptedError);
    const { resume } = failure as UploadInterruptedError;
    expect(resume).toEqual({ uploadId: 'up1', sha256 });

    // Back online; the server has chunks 0 and 2.
    const { requests } = stubApi(routes({ '/api/v1/uploads/up1': { body: session([0, 2]) } }));
    const progress: UploadProgress[] = [];
    const result = await uploadFile(file(), {
      purpose: 'course_cover',
      resume,
      onProgress: (p) => progress.push(p),
    });

    expect(result).toEqual(media);
    expect(calls(requests)).toEqual([
      'GET /uploads/up1',
      'PUT /uploads/up1/chunks/1',
      'POST /uploads/up1/complete',
    ]);
    expect(progress.find((p) => p.phase === 'uploading')).toEqual({
      phase: 'uploading',
      sent: 6,
      total: 10,
    });
  });

  it('starts a new session when the one to resume has expired', async () => {
    const { requests } = stubApi(
      routes({
        '/api/v1/uploads/old': problemReply(404, { code: 'not_found', title: '未找到' }),
      }),
    );

    await uploadFile(file(), { purpose: 'course_cover', resume: { uploadId: 'old', sha256 } });

    expect(calls(requests).slice(0, 2)).toEqual(['GET /uploads/old', 'POST /uploads']);
    expect(await bodyOf(requests[1])).toMatchObject({ sha256 });
  });

  it("surfaces the server's refusal of the file on complete", async () => {
    const { requests } = stubApi(
      routes({
        '/api/v1/uploads/up1/complete': problemReply(422, {
          code: 'validation_failed',
          title: '提交的信息有误',
          errors: [
            {
              field: 'file',
              code: 'media_dimensions',
              message: '尺寸应为 386×240，实际为 400×300',
            },
          ],
        }),
      }),
    );

    const failure = await uploadFile(file(), { purpose: 'course_cover', retry: noWait }).catch(
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(ApiProblem);
    expect((failure as ApiProblem).fieldMessage('file')).toBe('尺寸应为 386×240，实际为 400×300');
    expect(calls(requests).filter((c) => c.endsWith('complete'))).toHaveLength(1); // not retried
  });

  it('sends chunks the server lost when completing finds them missing', async () => {
    const incomplete = problemReply(422, {
      code: 'validation_failed',
      title: '提交的信息有误',
      errors: [{ field: 'chunks', code: 'upload_incomplete', message: '还有分片未上传' }],
    });
    const { requests } = stubApi(
      routes({
        '/api/v1/uploads/up1/complete': [incomplete, { status: 201, body: media }],
        '/api/v1/uploads/up1': { body: session([0, 1]) },
      }),
    );

    await expect(uploadFile(file(), { purpose: 'course_cover', retry: noWait })).resolves.toEqual(
      media,
    );
    expect(calls(requests).slice(-3)).toEqual([
      'GET /uploads/up1',
      'PUT /uploads/up1/chunks/2',
      'POST /uploads/up1/complete',
    ]);
  });

  it('stops when cancelled', async () => {
    const cancel = new AbortController();
    const { requests } = stubApi(
      routes({
        '/api/v1/uploads/up1/chunks/0': () => {
          cancel.abort();
          return stored;
        },
      }),
    );

    const failure = await uploadFile(file(), {
      purpose: 'course_cover',
      signal: cancel.signal,
    }).catch((error: unknown) => error);

    expect(failure).toMatchObject({ name: 'AbortError' });
    expect(calls(requests)).toEqual(['POST /uploads', 'PUT /uploads/up1/chunks/0']);
  });
});
