import { describe, expect, it } from 'vitest';

import { parseApiBaseUrl } from './env';

describe('VITE_API_BASE_URL', () => {
  it('defaults to this page’s origin, where the server serves the SPA', () => {
    expect(parseApiBaseUrl(undefined)).toBe(window.location.origin);
    expect(parseApiBaseUrl(' ')).toBe(window.location.origin);
  });

  it('keeps an origin and a proxy prefix, without a trailing slash', () => {
    expect(parseApiBaseUrl('https://api.example.com/')).toBe('https://api.example.com');
    expect(parseApiBaseUrl('https://example.com/ketang/')).toBe('https://example.com/ketang');
  });

  it('refuses values that would break every call', () => {
    expect(() => parseApiBaseUrl('api.example.com')).toThrow(/absolute URL/);
    expect(() => parseApiBaseUrl('ftp://example.com')).toThrow(/http/);
    expect(() => parseApiBaseUrl('https://example.com/api/v1')).toThrow(/\/api\/v1/);
  });
});
