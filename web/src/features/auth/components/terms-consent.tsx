import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Form, type FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { LegalDocumentModal } from '@/components/legal-document-modal';
import { refetchLegalDocument, useLegalDocument, type LegalKind } from '@/hooks/use-legal-document';
import { ApiProblem } from '@/lib/api-client';

/** What a sign-up request says about the texts the form showed. */
export type ShownTerms = { terms_version?: number; privacy_version?: number };

type TermsKind = Extract<LegalKind, 'terms' | 'privacy'>;

/**
 * The agreement of a sign-up form (SPEC §1): the current 《平台法律声明》 and 《隐私政策》, loaded
 * with the form so that the request can name the versions the user was shown (`shown`). A
 * newer one published meanwhile answers 409 `legal_version_outdated` before the SMS code is
 * spent: `handleOutdated` then loads the new texts, unticks the box with the server's
 * message under it and opens the text that changed, so the user reads it and ticks again.
 */
export function useTermsConsent(form: FormInstance) {
  const queryClient = useQueryClient();
  const terms = useLegalDocument('terms');
  const privacy = useLegalDocument('privacy');
  const [reading, setReading] = useState<TermsKind | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const shown: ShownTerms = {
    terms_version: terms.data?.version,
    privacy_version: privacy.data?.version,
  };

  /** Whether `error` was `legal_version_outdated` for a request that sent `sent` (handled). */
  function handleOutdated(error: unknown, sent: ShownTerms): boolean {
    if (!(error instanceof ApiProblem && error.code === 'legal_version_outdated')) return false;
    form.setFields([{ name: 'agree_terms', value: false, errors: [error.title] }]);
    setNotice(error.title);
    void Promise.all([
      refetchLegalDocument(queryClient, 'terms'),
      refetchLegalDocument(queryClient, 'privacy'),
    ]).then(([newTerms, newPrivacy]) => {
      const privacyChanged =
        newPrivacy !== undefined && newPrivacy.version !== sent.privacy_version;
      const termsChanged = newTerms !== undefined && newTerms.version !== sent.terms_version;
      setReading(privacyChanged && !termsChanged ? 'privacy' : 'terms');
    });
    return true;
  }

  return {
    shown,
    handleOutdated,
    reading,
    notice,
    read: (kind: TermsKind) => setReading(kind),
    close: () => {
      setReading(null);
      setNotice(null);
    },
  };
}

/**
 * 我已阅读并同意《平台法律声明》和《隐私政策》: each title opens its text and leaves the box
 * as it is. The form's `agree_terms` field.
 */
export function TermsConsent({ consent }: { consent: ReturnType<typeof useTermsConsent> }) {
  const { t } = useTranslation();
  const link = (kind: TermsKind, label: string) => (
    <Button
      type="link"
      size="small"
      className="inline-link"
      onClick={(event) => {
        event.preventDefault(); // open the text, leave the box as it is
        consent.read(kind);
      }}
    >
      {label}
    </Button>
  );
  const notice = consent.notice ? (
    <Alert type="warning" showIcon title={consent.notice} style={{ marginBottom: 16 }} />
  ) : null;
  return (
    <>
      <Form.Item name="agree_terms" valuePropName="checked">
        <Checkbox>
          {t('auth.agreePrefix')}
          {link('terms', t('auth.legalLink'))}
          {t('auth.agreeAnd')}
          {link('privacy', t('auth.privacyLink'))}
        </Checkbox>
      </Form.Item>
      {consent.reading && (
        <LegalDocumentModal
          key={consent.reading}
          kind={consent.reading}
          open
          onClose={consent.close}
          notice={notice}
        />
      )}
    </>
  );
}
