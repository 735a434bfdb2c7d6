// The browser tab's title, per page: "课程详情 · 课堂 Ketang". Each route names its page in
// `handle.title` (an i18n key under `titles.`, see `app/router.tsx`); the layout calls this
// hook once, so tabs, history and screen readers tell the pages apart, in the UI language.

import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useMatches } from 'react-router-dom';

/** What a route may say about itself (`RouteObject.handle`). */
export type RouteHandle = { title?: string };

function titleKeyOf(handle: unknown): string | undefined {
  if (typeof handle !== 'object' || handle === null) return undefined;
  const { title } = handle as RouteHandle;
  return typeof title === 'string' ? title : undefined;
}

/** Sets `document.title` from the deepest matched route that names its page. */
export function usePageTitle(): void {
  const { t } = useTranslation();
  const matches = useMatches();
  const key = matches.map((match) => titleKeyOf(match.handle)).findLast(Boolean);
  const app = t('app.name');
  const title = key ? `${t(key)} · ${app}` : app;
  useEffect(() => {
    document.title = title;
  }, [title]);
}
