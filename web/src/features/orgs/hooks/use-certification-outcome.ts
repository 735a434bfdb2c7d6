import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';

import { messagesQueryKey } from '@/hooks/use-unread-messages';

import { getMyOrgsQueryOptions, type Org } from '../api/get-my-orgs';

// An SSO state lives 10 minutes: a certification older than that is not this round trip's.
const recentMs = 10 * 60 * 1000;

/**
 * Back from 海易办 (`?linked=hainan_gov` or `?sso_error=…`, see `start-certification.ts`):
 * says how it went, drops the parameter from the address, and asks again for the orgs and
 * the unread count (certifying sends a message). `onCertified` gets the org that 海易办 has
 * just certified, so the page can show it.
 */
export function useCertificationOutcome(onCertified: (org: Org) => void) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const linked = params.get('linked');
  const ssoError = params.get('sso_error');
  const govCompany = params.get('gov_company');
  // StrictMode runs effects twice; the outcome is told once.
  const handled = useRef(false);

  useEffect(() => {
    if ((linked === null && ssoError === null) || handled.current) return;
    handled.current = true;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete('linked');
        next.delete('sso_error');
        next.delete('gov_company');
        return next;
      },
      { replace: true },
    );
    void queryClient.invalidateQueries({ queryKey: messagesQueryKey });
    if (ssoError === 'certify_company_mismatch') {
      // Nothing was certified or joined: say which company the government named, and what to do.
      modal.warning({
        title: t('enterprise.companyMismatchTitle'),
        content: t('enterprise.companyMismatchText', { company: govCompany ?? '' }),
      });
      return;
    }
    if (ssoError !== null) {
      void message.error(
        t(
          ssoError === 'identity_bound_elsewhere'
            ? 'enterprise.boundElsewhere'
            : ssoError === 'provider_already_linked'
              ? 'enterprise.alreadyLinked'
              : 'enterprise.certifyFailed',
        ),
      );
      return;
    }
    void queryClient.fetchQuery({ ...getMyOrgsQueryOptions(), staleTime: 0 }).then(
      (orgs) => {
        const now = Date.now();
        const certified = orgs
          .filter(
            (org) =>
              org.certified_by === 'hainan_gov' &&
              org.certified_at &&
              now - Date.parse(org.certified_at) < recentMs,
          )
          .sort((a, b) => Date.parse(b.certified_at!) - Date.parse(a.certified_at!))[0];
        if (certified) {
          void message.success(t('enterprise.certifiedNow', { name: certified.name }));
          onCertified(certified);
        } else {
          // A natural-person account links, but speaks for no enterprise.
          void message.warning(t('enterprise.linkedNoOrg'));
        }
      },
      () => undefined, // the page shows the failed query itself
    );
  }, [linked, ssoError, govCompany, setParams, queryClient, message, modal, t, onCertified]);
}
