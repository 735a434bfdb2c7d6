// Files the API sends for download (xlsx, PDF) need the bearer token, so a plain link cannot
// fetch them: a feature reads one through the API client as a Blob and hands it to the browser
// here, under the name the server chose (`Content-Disposition`).

/** `attachment; filename="x.xlsx"; filename*=UTF-8''%E5%AD%A6…`: the UTF-8 name first. */
export function filenameOf(response: Response, fallback: string): string {
  const header = response.headers.get('Content-Disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (utf8) {
    try {
      return decodeURIComponent(utf8[1]!);
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? fallback;
}

/** Hands a fetched file to the browser as a download under `filename`. */
export function saveFile({ blob, filename }: { blob: Blob; filename: string }): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the URL after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
