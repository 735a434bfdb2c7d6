// The SPEC §4 checks, run in the browser before anything is sent, so a user learns at once
// (not after uploading 150 MB) that a file will be refused. Same order, same codes and
// parameters as the server's `rules::inspect`, so the message reads the same as the one the
// server would have sent. When this browser cannot read something (an exotic JPEG header, a
// video it cannot parse) the file goes on, and the server judges it. The H.264 codec is
// checked by the server only (the browser exposes no codec of a local file).

import type { TFunction } from 'i18next';

import { readImageSize, readVideoInfo, sniffFormat, type VideoInfo } from './read-media-info';
import {
  dimensionsAccepted,
  expectedFormats,
  formatBytes,
  formatDimensions,
  MAX_PIXELS,
  type Dimensions,
  type UploadRule,
} from './upload-rules';

/** A refusal, named like the server's field errors (`media_dimensions` with its params). */
export type BrowserProblem =
  | { code: 'media_too_large'; params: { max: string; actual: string } }
  | { code: 'media_type'; params: { expected: string; actual: string } }
  | { code: 'media_dimensions'; params: { expected: string; actual: string } }
  | { code: 'media_dimensions_too_large'; params: { actual: string } }
  | { code: 'media_unreadable'; params?: undefined };

/** What the check could read of an accepted file (for display; the server measures again). */
export type FileInfo = { dimensions?: Dimensions; durationMs?: number | null };

export type CheckResult = { ok: true; info: FileInfo } | { ok: false; problem: BrowserProblem };

/** How sizes are read; tests replace them (jsdom has no media decoding). */
export type MediaReaders = {
  imageSize: (file: Blob) => Promise<Dimensions | null>;
  videoInfo: (file: Blob) => Promise<VideoInfo | null>;
};

export const browserReaders: MediaReaders = { imageSize: readImageSize, videoInfo: readVideoInfo };

function checkDimensions(rule: UploadRule, actual: Dimensions): BrowserProblem | null {
  if (rule.dimensions) {
    return dimensionsAccepted(rule.dimensions, actual)
      ? null
      : {
          code: 'media_dimensions',
          params: {
            expected: formatDimensions(rule.dimensions),
            actual: formatDimensions(actual),
          },
        };
  }
  return actual.width * actual.height > MAX_PIXELS
    ? { code: 'media_dimensions_too_large', params: { actual: formatDimensions(actual) } }
    : null;
}

/** Checks `file` against `rule`: size, then the type from its bytes, then the picture size. */
export async function checkInBrowser(
  file: Blob,
  rule: UploadRule,
  readers: MediaReaders = browserReaders,
): Promise<CheckResult> {
  const refuse = (problem: BrowserProblem): CheckResult => ({ ok: false, problem });
  if (file.size === 0) return refuse({ code: 'media_unreadable' });
  if (file.size > rule.maxBytes) {
    return refuse({
      code: 'media_too_large',
      params: { max: formatBytes(rule.maxBytes), actual: formatBytes(file.size) },
    });
  }
  const sniffed = await sniffFormat(file);
  if (!sniffed.format || !rule.formats.includes(sniffed.format)) {
    return refuse({
      code: 'media_type',
      params: { expected: expectedFormats(rule), actual: sniffed.label },
    });
  }
  let info: FileInfo = {};
  if (sniffed.format === 'jpeg' || sniffed.format === 'png') {
    const dimensions = await readers.imageSize(file);
    if (dimensions) info = { dimensions };
  } else if (sniffed.format === 'mp4') {
    const video = await readers.videoInfo(file);
    if (video) {
      info = {
        dimensions: { width: video.width, height: video.height },
        durationMs: video.durationMs,
      };
    }
  }
  const problem = info.dimensions ? checkDimensions(rule, info.dimensions) : null;
  return problem ? refuse(problem) : { ok: true, info };
}

/** The refusal in the UI language, worded like the server's message for the same code. */
export function describeProblem(problem: BrowserProblem, t: TFunction): string {
  return t(`media.errors.${problem.code}`, problem.params ?? {});
}
