// Files for tests, built byte by byte: only the headers that type and size are read from are
// real; the rest is padding (nothing here is ever decoded).

function u16(n: number): number[] {
  return [(n >> 8) & 0xff, n & 0xff];
}

function u32(n: number): number[] {
  return [...u16(Math.floor(n / 0x10000)), ...u16(n & 0xffff)];
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}

function padded(head: number[], size: number): Uint8Array {
  const bytes = new Uint8Array(Math.max(size, head.length));
  bytes.set(head);
  return bytes;
}

/** A PNG header of `width`×`height`, padded to `size` bytes. */
export function pngBytes(width: number, height: number, size = 1024): Uint8Array {
  const signature = [0x89, ...ascii('PNG'), 0x0d, 0x0a, 0x1a, 0x0a];
  const ihdr = [...u32(13), ...ascii('IHDR'), ...u32(width), ...u32(height), 8, 2, 0, 0, 0];
  return padded([...signature, ...ihdr, 0, 0, 0, 0], size);
}

/** A JPEG of `width`×`height` (JFIF, an EXIF segment, then a progressive SOF2). */
export function jpegBytes(width: number, height: number, size = 1024): Uint8Array {
  const app0 = [0xff, 0xe0, ...u16(16), ...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const exif = [0xff, 0xe1, ...u16(2 + 100), ...new Array<number>(100).fill(0)];
  const sof2 = [0xff, 0xc2, ...u16(17), 8, ...u16(height), ...u16(width), 3];
  return padded([0xff, 0xd8, ...app0, ...exif, ...sof2, ...new Array<number>(9).fill(0)], size);
}

export function pdfBytes(size = 256): Uint8Array {
  return padded(ascii('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'), size);
}

/** An MP4's `ftyp` box (brand `isom`), padded; its picture size comes from a (mocked) reader. */
export function mp4Bytes(size = 4096, brand = 'isom'): Uint8Array {
  return padded(
    [...u32(24), ...ascii('ftyp'), ...ascii(brand), ...u32(512), ...ascii('isomavc1')],
    size,
  );
}

export function fileOf(bytes: Uint8Array, name: string, type = ''): File {
  return new File([bytes as BlobPart], name, { type });
}
