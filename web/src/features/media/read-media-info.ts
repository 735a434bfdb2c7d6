// What a file is and how large its picture is, read in the browser the way the server reads
// it (`api/src/media/rules.rs`), so the browser's verdict matches the server's:
// - the type comes from the first bytes (magic numbers, like the `infer` crate), not the name;
// - a picture's size comes from its header (PNG IHDR, JPEG SOF), nothing is decoded. The
//   server does the same (`into_dimensions`), so EXIF rotation counts for neither, and a
//   "decompression bomb" costs nothing. (`createImageBitmap` would decode the whole picture
//   and apply EXIF rotation, giving a phone photo's size swapped relative to the server's.)
// - a video's size and length come from a <video> element's metadata.

import type { Dimensions, FileFormat } from './upload-rules';

export type Sniffed = {
  /** One of the formats the rules know, when it is one. */
  format?: FileFormat;
  /** The type's usual extension (`jpg`, `mov`, …), `unknown` when unrecognised. */
  label: string;
};

export type VideoInfo = Dimensions & { durationMs: number | null };

/** How much of a file's start the type and picture size are read from. */
const HEAD_BYTES = 8192;
/** JPEG's size sits after its metadata (EXIF, ICC profile…), usually in the first few KB. */
const JPEG_SCAN_BYTES = 1024 * 1024;

async function readBytes(file: Blob, end: number): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, end).arrayBuffer());
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

// `infer`'s MP4 brands (matchers/video.rs `is_mp4`): the server calls exactly these MP4.
const mp4Brands = new Set([
  'avc1',
  'dash',
  'iso2',
  'iso3',
  'iso4',
  'iso5',
  'iso6',
  'isom',
  'mmp4',
  'mp41',
  'mp42',
  'mp4v',
  'mp71',
  'MSNV',
  'NDAS',
  'NDSC',
  'NSDC',
  'NDSH',
  'NDSM',
  'NDSP',
  'NDSS',
  'NDXC',
  'NDXH',
  'NDXM',
  'NDXP',
  'NDXS',
  'F4V ',
  'F4P ',
]);
const heifBrands = new Set(['heic', 'heix', 'hevc', 'hevx', 'mif1', 'msf1']);

/** The file's type from its first bytes. */
export function sniffBytes(head: Uint8Array): Sniffed {
  const at = (i: number) => head[i] ?? -1;
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return { format: 'jpeg', label: 'jpg' };
  if (at(0) === 0x89 && ascii(head, 1, 3) === 'PNG') return { format: 'png', label: 'png' };
  if (ascii(head, 0, 3) === 'GIF') return { label: 'gif' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') return { label: 'webp' };
  if (ascii(head, 0, 2) === 'BM') return { label: 'bmp' };
  if (head.length > 11 && ascii(head, 4, 4) === 'ftyp') {
    const brand = ascii(head, 8, 4);
    if (mp4Brands.has(brand)) return { format: 'mp4', label: 'mp4' };
    if (heifBrands.has(brand)) return { label: 'heic' };
    if (brand === 'qt  ') return { label: 'mov' };
    if (brand.startsWith('M4V')) return { label: 'm4v' };
    if (brand.startsWith('3g')) return { label: '3gp' };
  }
  if (ascii(head, 0, 4) === 'PK\u0003\u0004') return { label: 'zip' };
  // Like the server (PDF reference H.3.4.1): the header anywhere in the first 1024 bytes.
  if (ascii(head, 0, Math.min(head.length, 1024)).includes('%PDF')) {
    return { format: 'pdf', label: 'pdf' };
  }
  return { label: 'unknown' };
}

export async function sniffFormat(file: Blob): Promise<Sniffed> {
  return sniffBytes(await readBytes(file, HEAD_BYTES));
}

function u16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

function u32(bytes: Uint8Array, at: number): number {
  return u16(bytes, at) * 0x10000 + u16(bytes, at + 2);
}

// Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) do not.
const sofMarkers = new Set([
  0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf,
]);

function jpegSize(bytes: Uint8Array): Dimensions | null {
  let at = 2; // after SOI
  while (at + 3 < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2; // stand-alone markers: no length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end, or image data before any SOF
    if (sofMarkers.has(marker)) {
      const height = u16(bytes, at + 5);
      const width = u16(bytes, at + 7);
      return width > 0 && height > 0 && at + 8 < bytes.length ? { width, height } : null;
    }
    at += 2 + u16(bytes, at + 2);
  }
  return null;
}

/**
 * A PNG's or JPEG's width and height from its header; null when the file is neither or its
 * header cannot be read here (then only the server judges it).
 */
export async function readImageSize(file: Blob): Promise<Dimensions | null> {
  const head = await readBytes(file, 32);
  const { format } = sniffBytes(head);
  if (format === 'png') {
    if (ascii(head, 12, 4) !== 'IHDR') return null;
    const size = { width: u32(head, 16), height: u32(head, 20) };
    return size.width > 0 && size.height > 0 ? size : null;
  }
  if (format === 'jpeg') return jpegSize(await readBytes(file, JPEG_SCAN_BYTES));
  return null;
}

/**
 * A video's picture size and length, from the browser's own reading of its metadata; null
 * when this browser cannot read it (then only the server judges it).
 */
export function readVideoInfo(file: Blob, timeoutMs = 15_000): Promise<VideoInfo | null> {
  return new Promise((resolve) => {
    const video = document.createElement('video');
    const url = URL.createObjectURL(file);
    const finish = (info: VideoInfo | null) => {
      window.clearTimeout(timer);
      video.removeAttribute('src');
      video.load();
      URL.revokeObjectURL(url);
      resolve(info);
    };
    const timer = window.setTimeout(() => finish(null), timeoutMs);
    video.preload = 'metadata';
    video.muted = true;
    video.onloadedmetadata = () => {
      const { videoWidth: width, videoHeight: height, duration } = video;
      finish(
        width > 0 && height > 0
          ? {
              width,
              height,
              durationMs: Number.isFinite(duration) ? Math.round(duration * 1000) : null,
            }
          : null,
      );
    };
    video.onerror = () => finish(null);
    video.src = url;
  });
}
