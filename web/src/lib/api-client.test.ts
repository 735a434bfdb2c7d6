import { describe, expect, it } from 'vitest';

import { changeLanguage } from '@/lib/i18n';
import { stubApi } from '@/testing/test-utils';

import { api, ApiProblem, unwrap } from './api-client';

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
