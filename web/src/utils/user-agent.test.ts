import { describe, expect, it } from 'vitest';

import { isInsideWeChat, isPhoneBrowser } from './user-agent';

const iPhoneSafari =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const androidChrome =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36';
const weChat = `${androidChrome} MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64`;
const desktop =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

describe('user agent', () => {
  it('tells phones from computers', () => {
    expect(isPhoneBrowser(iPhoneSafari)).toBe(true);
    expect(isPhoneBrowser(androidChrome)).toBe(true);
    expect(isPhoneBrowser(desktop)).toBe(false);
  });

  it('tells the WeChat browser apart', () => {
    expect(isInsideWeChat(weChat)).toBe(true);
    expect(isInsideWeChat(androidChrome)).toBe(false);
  });
});
