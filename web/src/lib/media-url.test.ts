import { describe, expect, it } from 'vitest';

import { env } from '@/config/env';

import { mediaUrl } from './media-url';

describe('mediaUrl', () => {
  it('puts a server path on the API origin, query and all', () => {
    expect(mediaUrl('/media/m1')).toBe(`${env.apiBaseUrl}/media/m1`);
    expect(mediaUrl('/media/m1?expires=1&sig=x')).toBe(
      `${env.apiBaseUrl}/media/m1?expires=1&sig=x`,
    );
  });

  it('leaves an absolute URL as it is', () => {
    expect(mediaUrl('https://cdn.example.com/a.png')).toBe('https://cdn.example.com/a.png');
    expect(mediaUrl('http://localhost:8080/media/m1')).toBe('http://localhost:8080/media/m1');
  });
});
