import { describe, expect, it, vi } from 'vitest';

import { changeLanguage } from '@/lib/i18n';
import { problemReply, stubApi, type Reply } from '@/testing/test-utils';

import { api, ApiProblem, restoreSession, unwrap } from './api-client';
import { endSession, getSession, mayHaveSession, resetSession, startSession } from './session';

const validationProblem = {
  type: '/problems/validation_failed',
  title: 'Some fields are invalid',
  status: 422,
  detail: '1 field(s) need attention.',
  code: 'validation_failed',
  request_id: 'req-1',
  errors: [{ field: 'page_size', code: 'range', message: 'must be between 1 and 100' }],
};

describe('api client', () => {
  it('calls the API under this origin in the UI language', async () => {
    await changeLanguage('en');
    const { requests } = stubApi({
      '/api/v1/categories': { body: { items: [], total: 0, page: 1, page_size: 5 } },
    });

    const page = unwrap(
      await api.GET('/api/v1/categories', { params: { query: { page_size: 5 } } }),
    );

    expect(page.total).toBe(0);
    expect(requests[0]?.url).toBe(`${window.location.origin}/api/v1/categories?page_size=5`);
    expect(requests[0]?.headers.get('Accept-Language')).toBe('en');
  });

  it('throws problem+json answers as a typed ApiProblem', async () => {
    stubApi({
      '/api/v1/categories': {
        status: 422,
        contentType: 'application/problem+json',
        body: validationProblem,
      },
    });

    const failure = await api.GET('/api/v1/categories').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApiProblem);
    const problem = failure as ApiProblem;
    expect(problem).toMatchObject({
      type: '/problems/validation_failed',
      title: 'Some fields are invalid',
      status: 422,
      detail: '1 field(s) need attention.',
      code: 'validation_failed',
      request_id: 'req-1',
    });
    expect(problem.fieldMessage('page_size')).toBe('must be between 1 and 100');
  });

  it('reports other failures by status', async () => {
    stubApi({
      '/api/v1/categories': { status: 502, contentType: 'text/html', body: '<h1>Bad gateway</h1>' },
    });

    const result = await api.GET('/api/v1/categories');

    expect(() => unwrap(result)).toThrow(/Unexpected 502/);
  });
});

const me = {
  id: 'u1',
  mobile: '13800138000',
  display_name: '138****8000',
  has_password: false,
  admin_role: null,
  created_at: '2026-11-22T08:00:00Z',
};

function session(accessToken: string) {
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: 900,
    registered: false,
    user: me,
  };
}

const expired = problemReply(401, { code: 'token_expired', title: '登录已过期，请重新登录' });

/** Answers /me for `token` only, as the server does. */
function meFor(token: string) {
  return (request: Request): Reply =>
    request.headers.get('Authorization') === `Bearer ${token}` ? { body: me } : expired;
}

describe('the session in the api client', () => {
  it('sends the access token as a bearer token', async () => {
    startSession('token-1');
    const { requests } = stubApi({ '/api/v1/me': meFor('token-1') });

    unwrap(await api.GET('/api/v1/me'));

    expect(requests[0]?.headers.get('Authorization')).toBe('Bearer token-1');
  });

  it('renews an expired token once for concurrent 401s and replays each request', async () => {
    startSession('expired');
    let refreshes = 0;
    let answerRefresh = () => {};
    const refreshAnswered = new Promise<void>((resolve) => (answerRefresh = resolve));
    const { requests } = stubApi({
      '/api/v1/me': meFor('fresh'),
      '/api/v1/auth/refresh': async () => {
        refreshes += 1;
        await refreshAnswered; // hold it until every call has seen its 401
        return { body: session('fresh') };
      },
    });

    const calls = [api.GET('/api/v1/me'), api.GET('/api/v1/me'), api.GET('/api/v1/me')];
    await vi.waitFor(() => expect(requests.length).toBe(4)); // three 401s, one refresh
    answerRefresh();
    const results = await Promise.all(calls);

    expect(results.map((result) => unwrap(result).id)).toEqual(['u1', 'u1', 'u1']);
    expect(refreshes).toBe(1);
    expect(getSession()).toMatchObject({ status: 'signed-in', accessToken: 'fresh' });
    const refresh = requests.find((r) => r.url.endsWith('/auth/refresh'));
    expect(refresh?.headers.get('Authorization')).toBeNull(); // the cookie speaks, not a token
    expect(refresh?.credentials).toBe('include');
    const replays = requests.filter(
      (r) => r.url.endsWith('/me') && r.headers.get('Authorization') === 'Bearer fresh',
    );
    expect(replays).toHaveLength(3);
  });

  it('replays a request body after renewing the token', async () => {
    startSession('expired');
    const { requests } = stubApi({
      '/api/v1/me/password': (request) =>
        request.headers.get('Authorization') === 'Bearer fresh' ? { status: 204 } : expired,
      '/api/v1/auth/refresh': { body: session('fresh') },
    });

    const result = await api.PUT('/api/v1/me/password', { body: { new_password: 'Ketang#2026' } });

    expect(result.response.status).toBe(204);
    expect(await requests.at(-1)?.json()).toEqual({ new_password: 'Ketang#2026' });
  });

  it('ends the session and reports the 401 when the refresh is refused', async () => {
    startSession('expired');
    stubApi({
      '/api/v1/me': expired,
      '/api/v1/auth/refresh': problemReply(401, {
        code: 'refresh_token_invalid',
        title: '登录已失效，请重新登录',
      }),
    });

    const failure = await api.GET('/api/v1/me').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApiProblem);
    expect((failure as ApiProblem).code).toBe('token_expired');
    expect(getSession()).toMatchObject({ status: 'signed-out', accessToken: null });
  });

  it('does not renew tokens for sign-in answers: a 401 there is wrong credentials', async () => {
    const { requests } = stubApi({
      '/api/v1/auth/sign-in/password': problemReply(401, {
        code: 'invalid_credentials',
        title: '手机号或密码不正确',
      }),
    });

    const failure = await api
      .POST('/api/v1/auth/sign-in/password', { body: { phone: '13800138000', password: 'x' } })
      .catch((error: unknown) => error);

    expect((failure as ApiProblem).code).toBe('invalid_credentials');
    expect(requests).toHaveLength(1);
  });

  it('restores the session from the refresh cookie after a reload, once', async () => {
    const { requests } = stubApi({ '/api/v1/auth/refresh': { body: session('restored') } });

    // React's strict mode runs start-up effects twice: both share one refresh.
    await Promise.all([restoreSession(), restoreSession()]);
    await restoreSession();

    expect(requests).toHaveLength(1);
    expect(getSession()).toMatchObject({ status: 'signed-in', accessToken: 'restored' });
  });

  it('does not ask for a refresh in a browser that never signed in', async () => {
    window.localStorage.clear();
    const { requests } = stubApi({ '/api/v1/auth/refresh': { body: session('restored') } });

    await restoreSession();

    expect(requests).toHaveLength(0);
    expect(getSession()).toMatchObject({ status: 'signed-out', accessToken: null });
  });

  it('does not ask for a refresh after an anonymous 401 either', async () => {
    window.localStorage.clear();
    const { requests } = stubApi({ '/api/v1/me': expired });

    const failure = await api.GET('/api/v1/me').catch((error: unknown) => error);

    expect((failure as ApiProblem).status).toBe(401);
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual(['/api/v1/me']);
  });

  it('remembers a sign-in until sign-out or a refused refresh', async () => {
    window.localStorage.clear();
    startSession('token-1');
    expect(mayHaveSession()).toBe(true);
    endSession();
    expect(mayHaveSession()).toBe(false);

    window.localStorage.setItem('ketang.signed-in', '1');
    resetSession(); // a reload
    stubApi({
      '/api/v1/auth/refresh': problemReply(401, {
        code: 'refresh_token_invalid',
        title: '登录已失效，请重新登录',
      }),
    });
    await restoreSession();
    expect(mayHaveSession()).toBe(false);
  });

  it('keeps the hint when the server cannot be reached', async () => {
    stubApi({}); // every call fails like an unreachable server

    await restoreSession();

    expect(getSession().status).toBe('signed-out');
    expect(mayHaveSession()).toBe(true);
  });

  it('refreshes only while holding the lock all tabs share', async () => {
    // Tabs share the refresh cookie; the lock makes a second tab wait for the first one's
    // rotated cookie instead of presenting the old one (which the server takes for theft).
    let grant = () => {};
    const granted = new Promise<void>((resolve) => (grant = resolve));
    const lockNames: string[] = [];
    vi.stubGlobal('navigator', {
      ...navigator,
      locks: {
        request: async (name: string, work: () => Promise<unknown>) => {
          lockNames.push(name);
          await granted; // another tab holds it
          return await work();
        },
      },
    });
    const { requests } = stubApi({ '/api/v1/auth/refresh': { body: session('after-lock') } });

    const restored = restoreSession();
    await vi.waitFor(() => expect(lockNames).toEqual(['ketang-session-refresh']));
    expect(requests).toHaveLength(0);
    grant();
    await restored;

    expect(requests).toHaveLength(1);
    expect(getSession()).toMatchObject({ status: 'signed-in', accessToken: 'after-lock' });
  });

  it('reads Retry-After into the problem', async () => {
    stubApi({
      '/api/v1/auth/sms-codes': problemReply(
        429,
        { code: 'rate_limited', title: '操作过于频繁，请稍后再试', detail: '请 42 秒后再试。' },
        { 'Retry-After': '42' },
      ),
    });

    const failure = await api
      .POST('/api/v1/auth/sms-codes', { body: { phone: '13800138000', purpose: 'login' } })
      .catch((error: unknown) => error);

    expect((failure as ApiProblem).retryAfterSecs).toBe(42);
  });
});
