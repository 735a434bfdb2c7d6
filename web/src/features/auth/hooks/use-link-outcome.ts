import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';

import { linkedIdentitiesQueryKey } from '../api/get-linked-identities';
import { identityName } from '../sso';

/**
 * Back from linking an identity (`?linked=wechat` or `?sso_error=…`, see `start-sso.ts`):
 * says it worked (or keeps the error for the page to show until dismissed), drops the
 * parameter from the address and asks again for the linked identities.
 */
export function useLinkOutcome() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const linked = params.get('linked');
  const [error, setError] = useState(() => params.get('sso_error'));
  const hasOutcome = linked !== null || params.has('sso_error');
  // StrictMode runs effects twice; the outcome is told once.
  const handled = useRef(false);

  useEffect(() => {
    if (!hasOutcome || handled.current) return;
    handled.current = true;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete('linked');
        next.delete('sso_error');
        return next;
      },
      { replace: true },
    );
    void queryClient.invalidateQueries({ queryKey: linkedIdentitiesQueryKey });
    if (linked !== null) {
      void message.success(t('sso.linkedNow', { name: identityName(t, linked) }));
    }
  }, [hasOutcome, linked, setParams, queryClient, message, t]);

  const dismiss = useCallback(() => setError(null), []);
  return { error, dismiss };
}
