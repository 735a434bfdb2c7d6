import { useQueries, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, Space, Spin, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

import { LegalDocumentBody } from '@/components/legal-document-modal';
import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { getLegalDocumentQueryOptions, type LegalDocument } from '@/hooks/use-legal-document';
import { ApiProblem } from '@/lib/api-client';

import { useAgreeToLegal } from '../api/agree-to-legal';
import { useMyAgreements, myAgreementsQueryKey, type Agreement } from '../api/get-my-agreements';
import { useSignOut } from '../api/sign-out';

/** One text to agree to: what changed (when the user agreed to an earlier version), then it. */
function TextToAgree({
  document,
  agreedBefore,
}: {
  document: LegalDocument;
  agreedBefore: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      {agreedBefore && document.change_note ? (
        <Alert
          type="info"
          showIcon
          title={t('legal.reconsent.changeNote')}
          description={document.change_note}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <LegalDocumentBody document={document} />
    </>
  );
}

function ReconsentDialog({ pending }: { pending: Agreement[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const agree = useAgreeToLegal();
  const signOut = useSignOut();
  const [problem, setProblem] = useState<unknown>(null);
  const documents = useQueries({
    queries: pending.map((agreement) => getLegalDocumentQueryOptions(agreement.kind)),
  });
  const loaded = documents.every((query) => query.data !== undefined);
  const failed = documents.find((query) => query.isError && query.data === undefined);
  // Asked again after an update, or for the first time (an account from before the texts).
  const updated = pending.some((agreement) => agreement.agreed_version != null);

  async function accept() {
    setProblem(null);
    const shown = documents.flatMap((query) =>
      query.data ? [{ kind: query.data.kind, version: query.data.version }] : [],
    );
    try {
      await agree.mutateAsync(shown);
    } catch (error) {
      setProblem(error);
      if (error instanceof ApiProblem && error.code === 'legal_version_outdated') {
        // A newer version came out while this one was read: show it instead.
        await Promise.all(
          pending.map((agreement) =>
            queryClient.refetchQueries({
              queryKey: getLegalDocumentQueryOptions(agreement.kind).queryKey,
            }),
          ),
        );
      }
    }
    await queryClient.invalidateQueries({ queryKey: myAgreementsQueryKey });
  }

  async function leave() {
    // Leave first, committed at once: on a page that needs sign-in, the guard would otherwise
    // see the session end and send people to the login page.
    await navigate(paths.home.href(), { flushSync: true });
    signOut.mutate();
  }

  const outdated = problem instanceof ApiProblem && problem.code === 'legal_version_outdated';
  const texts = pending.map((agreement, index) => {
    const query = documents[index]!;
    return {
      key: agreement.kind,
      label: query.data?.title ?? agreement.current_title,
      children: query.data ? (
        <TextToAgree document={query.data} agreedBefore={agreement.agreed_version != null} />
      ) : (
        <div className="page-loading" role="status" aria-label={t('legal.loading')}>
          <Spin />
        </div>
      ),
    };
  });

  return (
    <Modal
      open
      title={t(updated ? 'legal.reconsent.updatedTitle' : 'legal.reconsent.firstTitle')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      width={760}
      styles={{ body: { maxHeight: '60vh', overflowY: 'auto' } }}
      footer={
        <Space wrap style={{ justifyContent: 'flex-end' }}>
          <Button onClick={() => void leave()} loading={signOut.isPending}>
            {t('auth.signOut')}
          </Button>
          <Button
            type="primary"
            disabled={!loaded}
            loading={agree.isPending}
            onClick={() => void accept()}
          >
            {t('legal.reconsent.accept')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph>
        {t(updated ? 'legal.reconsent.updatedText' : 'legal.reconsent.firstText', {
          titles: pending.map((agreement) => `《${agreement.current_title}》`).join(''),
        })}
      </Typography.Paragraph>
      {outdated ? (
        <Alert
          type="warning"
          showIcon
          title={(problem as ApiProblem).title}
          style={{ marginBottom: 16 }}
        />
      ) : (
        <ProblemAlert error={problem ?? failed?.error} />
      )}
      {texts.length > 1 ? <Tabs items={texts} /> : texts[0]?.children}
    </Modal>
  );
}

/**
 * Blocks the app for a signed-in user who has not agreed to the current version of a text
 * (`GET /me/agreements`, any `up_to_date: false`): the new text with what changed, then
 * 同意并继续 (recorded per text, with the version shown) or 退出登录. Nothing is asked of a
 * visitor; when the agreements cannot be read the app goes on (the server still records
 * every agreement it is sent).
 */
export function ReconsentModal() {
  const agreements = useMyAgreements();
  const pending = agreements.data?.filter((agreement) => !agreement.up_to_date) ?? [];
  if (pending.length === 0) return null;
  return <ReconsentDialog pending={pending} />;
}
