import { describe, expect, it, vi } from 'vitest';

import { i18n } from '@/lib/i18n';

import {
  browserReaders,
  checkInBrowser,
  describeProblem,
  type MediaReaders,
} from './check-in-browser';
import { fileOf, jpegBytes, mp4Bytes, pdfBytes, pngBytes } from './testing/sample-files';
import { uploadRules } from './upload-rules';

const t = i18n.t.bind(i18n);

async function messageFor(file: File, purpose: keyof typeof uploadRules, readers?: MediaReaders) {
  const result = await checkInBrowser(file, uploadRules[purpose], readers);
  return result.ok ? 'ok' : describeProblem(result.problem, t);
}

function videoReader(width: number, height: number): MediaReaders {
  return {
    ...browserReaders,
    videoInfo: vi.fn(async () => ({ width, height, durationMs: 61_000 })),
  };
}

describe('checking a file before it is sent', () => {
  it('refuses a cover of another size, naming both sizes like the server', async () => {
    expect(await messageFor(fileOf(pngBytes(400, 300), 'c.png'), 'course_cover')).toBe(
      '尺寸应为 386×240，实际为 400×300',
    );
    expect(await messageFor(fileOf(jpegBytes(193, 120), 'c.jpg'), 'course_cover')).toBe(
      '尺寸应为 386×240，实际为 193×120',
    );
  });

  it('accepts the manual size and larger ones of the same shape', async () => {
    expect(await messageFor(fileOf(pngBytes(386, 240), 'c.png'), 'course_cover')).toBe('ok');
    const larger = await checkInBrowser(
      fileOf(jpegBytes(772, 480), 'c.jpg'),
      uploadRules.course_cover,
    );
    expect(larger).toEqual({ ok: true, info: { dimensions: { width: 772, height: 480 } } });
  });

  it('checks the size limit first', async () => {
    const big = fileOf(pngBytes(386, 240, 100 * 1024 + 1), 'c.png');
    expect(await messageFor(big, 'course_cover')).toBe('文件不能超过 100 KB，实际为 101 KB');
  });

  it('decides the type by the bytes', async () => {
    expect(await messageFor(fileOf(pdfBytes(), 'cover.png'), 'course_cover')).toBe(
      '文件格式应为 jpg/jpeg, png，实际为 pdf',
    );
    expect(await messageFor(fileOf(pdfBytes(), 'voucher.pdf'), 'payment_voucher')).toBe('ok');
    expect(await messageFor(fileOf(new Uint8Array(10), 'empty.png'), 'long_image')).toBe(
      '文件格式应为 jpg/jpeg, png，实际为 unknown',
    );
  });

  it('lets any size through where the table says "any", up to a pixel limit', async () => {
    expect(await messageFor(fileOf(pngBytes(750, 8000), 'intro.png'), 'long_image')).toBe('ok');
    expect(await messageFor(fileOf(pngBytes(20000, 20000), 'bomb.png'), 'long_image')).toBe(
      '图片像素过多，请缩小后上传',
    );
  });

  it("checks a video's picture size from its metadata", async () => {
    const video = fileOf(mp4Bytes(), 'lesson.mp4');
    expect(await messageFor(video, 'course_video', videoReader(640, 360))).toBe(
      '尺寸应为 655×368，实际为 640×360',
    );
    expect(await messageFor(video, 'course_video', videoReader(1310, 736))).toBe('ok');
  });

  it('leaves what this browser cannot read to the server', async () => {
    const readers = { ...browserReaders, videoInfo: vi.fn(async () => null) };
    const result = await checkInBrowser(
      fileOf(mp4Bytes(), 'lesson.mp4'),
      uploadRules.course_video,
      readers,
    );
    expect(result).toEqual({ ok: true, info: {} });
  });

  it('speaks English too', async () => {
    await i18n.changeLanguage('en');
    expect(await messageFor(fileOf(pngBytes(400, 300), 'c.png'), 'course_cover')).toBe(
      'The size must be 386×240 (or larger with the same shape); this one is 400×300',
    );
  });
});
