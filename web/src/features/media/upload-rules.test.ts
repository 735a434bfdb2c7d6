import { describe, expect, it } from 'vitest';

import { i18n } from '@/lib/i18n';

import {
  acceptAttribute,
  describeRule,
  dimensionsAccepted,
  formatBytes,
  uploadRules,
} from './upload-rules';

const cover = { width: 386, height: 240 };

describe('upload rules (SPEC §4)', () => {
  it('accepts the manual size exactly, or larger with the same aspect ratio', () => {
    expect(dimensionsAccepted(cover, { width: 386, height: 240 })).toBe(true);
    expect(dimensionsAccepted(cover, { width: 772, height: 480 })).toBe(true);
    // 1.6083 vs 1.6083 × 1.005: within ±1%.
    expect(dimensionsAccepted(cover, { width: 776, height: 480 })).toBe(true);
  });

  it('refuses other shapes, and smaller pictures of the same shape', () => {
    expect(dimensionsAccepted(cover, { width: 400, height: 300 })).toBe(false);
    expect(dimensionsAccepted(cover, { width: 193, height: 120 })).toBe(false);
    expect(dimensionsAccepted(cover, { width: 800, height: 480 })).toBe(false); // +3.6%
    expect(dimensionsAccepted(cover, { width: 386, height: 250 })).toBe(false); // -4%
    // Within ±1% and no smaller: accepted, as on the server (rules.rs `check_dimensions`).
    expect(dimensionsAccepted(cover, { width: 386, height: 241 })).toBe(true);
  });

  it('holds the table of the spec', () => {
    expect(uploadRules.provider_logo).toMatchObject({
      formats: ['jpeg', 'png'],
      maxBytes: 100 * 1024,
      dimensions: { width: 185, height: 74 },
    });
    expect(uploadRules.course_video).toMatchObject({
      formats: ['mp4'],
      maxBytes: 150 * 1024 * 1024,
      dimensions: { width: 655, height: 368 },
      private: true,
    });
    expect(uploadRules.payment_voucher).toMatchObject({ maxBytes: 5 * 1024 * 1024, private: true });
    expect(uploadRules.payment_voucher.formats).toContain('pdf');
    expect(uploadRules.lecturer_photo.maxBytes).toBe(200 * 1024);
    expect(uploadRules.long_image.dimensions).toBeUndefined();
  });

  it('writes sizes as the server does', () => {
    expect(formatBytes(100 * 1024)).toBe('100 KB');
    expect(formatBytes(100 * 1024 + 1)).toBe('101 KB');
    expect(formatBytes(2 * 1024 * 1024)).toBe('2 MB');
    expect(formatBytes(150.5 * 1024 * 1024)).toBe('150.5 MB');
  });

  it('describes each rule in the UI language', async () => {
    const t = i18n.t.bind(i18n);
    expect(describeRule(uploadRules.course_cover, t)).toBe(
      'JPG/PNG，386×240 像素（或同比例放大），不超过 100 KB',
    );
    expect(describeRule(uploadRules.payment_voucher, t)).toBe('JPG/PNG/PDF，不超过 5 MB');
    await i18n.changeLanguage('en');
    expect(describeRule(uploadRules.course_video, i18n.t.bind(i18n))).toBe(
      'MP4 (H.264), 655×368 px (or larger, same shape), up to 150 MB',
    );
  });

  it('hints the picker with types and extensions', () => {
    expect(acceptAttribute(uploadRules.payment_voucher)).toBe(
      '.jpg,.jpeg,image/jpeg,.png,image/png,.pdf,application/pdf',
    );
  });
});
