import { describe, expect, it } from 'vitest';

import { isWebsite } from './website';

describe('isWebsite', () => {
  it('takes a bare domain, as the 网站域名 label asks', () => {
    expect(isWebsite('www.example.com.cn')).toBe(true);
    expect(isWebsite('example.com')).toBe(true);
    expect(isWebsite(' hnkj.org.cn ')).toBe(true);
    expect(isWebsite('协会.中国')).toBe(true);
  });

  it('takes a full address too', () => {
    expect(isWebsite('https://www.example.com.cn')).toBe(true);
    expect(isWebsite('http://example.com:8080/about?x=1')).toBe(true);
  });

  it('refuses what is not a host name with a dot', () => {
    expect(isWebsite('')).toBe(false);
    expect(isWebsite('localhost')).toBe(false);
    expect(isWebsite('www.example')).toBe(true); // a top-level name is not checked against a list
    expect(isWebsite('example .com')).toBe(false);
    expect(isWebsite('ftp://example.com')).toBe(false);
    expect(isWebsite('https://')).toBe(false);
    expect(isWebsite('-bad-.com')).toBe(false);
  });
});
