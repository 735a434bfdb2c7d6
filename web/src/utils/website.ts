// A website as people type it on forms: a domain (`www.example.com.cn`), with or without
// `http(s)://`, a port or a path. Checked loosely here so the form answers in the page's
// language; the server has the last word (and adds `https://` to a bare domain).

const website =
  /^(?:https?:\/\/)?(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}]{2,63}\.?(?::\d{1,5})?(?:[/?#]\S*)?$/u;

/** Whether `value` reads as a website: a host name with a dot, optionally with http(s)://. */
export function isWebsite(value: string): boolean {
  return website.test(value.trim());
}
