import { paths } from '@/config/paths';

/**
 * Where to go after signing in: the `next` a guard put in the address, if it is a path of
 * this app. Anything else (`//evil.example`, `https://…`, the login pages themselves) goes home,
 * so a crafted link cannot send people elsewhere.
 */
export function safeNext(next: string | null | undefined): string {
  const home = paths.home.href();
  if (!next?.startsWith('/')) return home;
  let url: URL;
  try {
    url = new URL(next, window.location.origin);
  } catch {
    return home;
  }
  const signInPages: readonly string[] = [paths.login.path, paths.loginSso.path];
  if (url.origin !== window.location.origin || signInPages.includes(url.pathname)) return home;
  return url.pathname + url.search + url.hash;
}
