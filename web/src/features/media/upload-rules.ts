// What each kind of material accepts: the SPEC §4 table, as the server applies it in
// `api/src/media/rules.rs` (keep the two in step). `check-in-browser.ts` applies these rules
// before anything is sent; the server applies its own copy again on `complete`, and has the
// last word. Next: `upload-file.ts` (the upload engine), `components/media-upload.tsx`.

import type { TFunction } from 'i18next';

import type { components } from '@/types/api';

export type MediaPurpose = components['schemas']['MediaPurpose'];
export type Media = components['schemas']['Media'];

/** A file type, decided by the bytes (see `sniffFormat`), never by the name. */
export type FileFormat = 'jpeg' | 'png' | 'mp4' | 'pdf';
export type Dimensions = { width: number; height: number };

export type UploadRule = {
  purpose: MediaPurpose;
  formats: readonly FileFormat[];
  maxBytes: number;
  /**
   * The display size of the manual. Accepted: exactly this size, or larger in both
   * directions with the same aspect ratio (±1%). None: any size (up to `MAX_PIXELS`).
   */
  dimensions?: Dimensions;
  /** Served only through a signed URL (`is_private` in `handlers.rs`). */
  private: boolean;
};

const KB = 1024;
const MB = 1024 * KB;

/** How far a larger picture's aspect ratio may stray from the manual's (relative). */
export const ASPECT_TOLERANCE = 0.01;
/** Pictures of "any" size still may not exceed this many pixels (as on the server). */
export const MAX_PIXELS = 100_000_000;

export const uploadRules: Readonly<Record<MediaPurpose, UploadRule>> = {
  provider_logo: {
    purpose: 'provider_logo',
    formats: ['jpeg', 'png'],
    maxBytes: 100 * KB,
    dimensions: { width: 185, height: 74 },
    private: false,
  },
  course_cover: {
    purpose: 'course_cover',
    formats: ['jpeg', 'png'],
    maxBytes: 100 * KB,
    dimensions: { width: 386, height: 240 },
    private: false,
  },
  course_video: {
    purpose: 'course_video',
    formats: ['mp4'],
    maxBytes: 150 * MB,
    dimensions: { width: 655, height: 368 },
    private: true,
  },
  long_image: { purpose: 'long_image', formats: ['jpeg', 'png'], maxBytes: 2 * MB, private: false },
  payment_voucher: {
    purpose: 'payment_voucher',
    formats: ['jpeg', 'png', 'pdf'],
    maxBytes: 5 * MB,
    private: true,
  },
  lecturer_photo: {
    purpose: 'lecturer_photo',
    formats: ['jpeg', 'png'],
    maxBytes: 200 * KB,
    private: false,
  },
};

/** SPEC §4: exact, or larger with the same aspect ratio (±1%) — `check_dimensions` in rules.rs. */
export function dimensionsAccepted(expected: Dimensions, actual: Dimensions): boolean {
  if (actual.width === expected.width && actual.height === expected.height) return true;
  const expectedRatio = expected.width / expected.height;
  const ratio = actual.width / Math.max(actual.height, 1);
  const sameShape = Math.abs((ratio - expectedRatio) / expectedRatio) <= ASPECT_TOLERANCE;
  return actual.width >= expected.width && actual.height >= expected.height && sameShape;
}

/** `386×240`, as the server writes sizes in its messages. */
export function formatDimensions({ width, height }: Dimensions): string {
  return `${width}×${height}`;
}

/**
 * `100 KB`, `2 MB`, `150.5 MB`: like the server's `human_size` (whole KB rounded up below
 * 1 MB), with one decimal for megabytes so a file just over a limit does not read as equal.
 */
export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${Math.round((bytes / MB) * 10) / 10} MB`;
  return `${Math.ceil(bytes / KB)} KB`;
}

const serverLabels: Record<FileFormat, string> = {
  jpeg: 'jpg/jpeg',
  png: 'png',
  mp4: 'mp4 (H.264)',
  pdf: 'pdf',
};

/** The expected formats as the server names them in `media_type` messages. */
export function expectedFormats(rule: UploadRule): string {
  return rule.formats.map((format) => serverLabels[format]).join(', ');
}

const displayLabels: Record<FileFormat, string> = {
  jpeg: 'JPG',
  png: 'PNG',
  mp4: 'MP4 (H.264)',
  pdf: 'PDF',
};

const acceptTypes: Record<FileFormat, string> = {
  jpeg: '.jpg,.jpeg,image/jpeg',
  png: '.png,image/png',
  mp4: '.mp4,video/mp4',
  pdf: '.pdf,application/pdf',
};

/** For the file picker's `accept`: a hint for the dialog only; the bytes decide. */
export function acceptAttribute(rule: UploadRule): string {
  return rule.formats.map((format) => acceptTypes[format]).join(',');
}

/** What a user is told before choosing a file: "JPG/PNG，386×240 像素（或同比例放大），不超过 100 KB". */
export function describeRule(rule: UploadRule, t: TFunction): string {
  const formats = rule.formats.map((format) => displayLabels[format]).join('/');
  const max = formatBytes(rule.maxBytes);
  return rule.dimensions
    ? t('media.rule', { formats, max, ...rule.dimensions })
    : t('media.ruleAnySize', { formats, max });
}
