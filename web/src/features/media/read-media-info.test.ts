import { describe, expect, it } from 'vitest';

import { readImageSize, sniffBytes, sniffFormat } from './read-media-info';
import { fileOf, jpegBytes, mp4Bytes, pdfBytes, pngBytes } from './testing/sample-files';

describe('reading a file in the browser', () => {
  it('knows the type from the bytes, whatever the name says', async () => {
    expect(await sniffFormat(fileOf(pngBytes(1, 1), 'photo.jpg'))).toEqual({
      format: 'png',
      label: 'png',
    });
    expect(await sniffFormat(fileOf(jpegBytes(1, 1), 'x.png'))).toMatchObject({ format: 'jpeg' });
    expect(await sniffFormat(fileOf(pdfBytes(), 'scan.png'))).toMatchObject({ format: 'pdf' });
    expect(await sniffFormat(fileOf(mp4Bytes(), 'a.mov'))).toMatchObject({ format: 'mp4' });
  });

  it('names types the rules refuse, as the server would', () => {
    const ftyp = (brand: string) =>
      new Uint8Array(
        [0, 0, 0, 24, ...'ftyp', ...brand].map((c) =>
          typeof c === 'number' ? c : c.charCodeAt(0),
        ),
      );
    expect(sniffBytes(ftyp('qt  '))).toEqual({ label: 'mov' });
    expect(sniffBytes(ftyp('heic'))).toEqual({ label: 'heic' });
    expect(sniffBytes(new TextEncoder().encode('GIF89a'))).toEqual({ label: 'gif' });
    expect(sniffBytes(new TextEncoder().encode('just some text'))).toEqual({ label: 'unknown' });
  });

  it('reads a picture size from the PNG or JPEG header, without decoding', async () => {
    expect(await readImageSize(fileOf(pngBytes(386, 240), 'a.png'))).toEqual({
      width: 386,
      height: 240,
    });
    // Past a JFIF and an EXIF segment, at a progressive start-of-frame.
    expect(await readImageSize(fileOf(jpegBytes(4000, 3000), 'a.jpg'))).toEqual({
      width: 4000,
      height: 3000,
    });
    expect(await readImageSize(fileOf(pdfBytes(), 'a.pdf'))).toBeNull();
  });
});
