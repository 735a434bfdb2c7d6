import { Alert, Button, Divider, Form, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { SmsCodeField } from '@/components/sms-code-field';
import { paths } from '@/config/paths';
import { useFormProblem } from '@/hooks/use-form-problem';
import { ApiProblem } from '@/lib/api-client';

import { useCompleteSsoSignIn } from '../api/complete-sso-sign-in';
import type { Session } from '../api/keep-session';
import { identityName } from '../sso';
import { PhoneField } from './phone-field';
import { TermsConsent, useTermsConsent, type ShownTerms } from './terms-consent';

type Values = { phone: string; code: string; agree_terms?: boolean };

const formName = 'sso-first-login';
const fields = ['phone', 'code', 'agree_terms'] as const;

type Props = {
  /** The `ticket` of the callback: one use, ten minutes. */
  ticket: string;
  /** The identity (`wechat`, `dingtalk`, …) that signed in for the first time. */
  provider: string;
  onSignedIn: (session: Session) => void;
};

/**
 * The bind-or-create screen of a first SSO sign-in. A phone proved by a `bind` code joins
 * that phone's account, or creates one with it (the agreement is then required, which the
 * server says with `terms_required`, and the versions the form showed are sent, see
 * `TermsConsent`). Other than WeChat (SPEC §1: a WeChat account ends with
 * a verified phone), the identity may also create an account without a phone.
 */
export function SsoFirstLoginForm({ ticket, provider, onSignedIn }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const complete = useCompleteSsoSignIn();
  const { formError, report, clear } = useFormProblem(form, fields);
  const consent = useTermsConsent(form);
  const name = identityName(t, provider);
  const phoneRequired = provider === 'wechat';

  const spent = complete.error instanceof ApiProblem && complete.error.code === 'sso_code_invalid';
  if (spent) {
    return (
      <Result
        status="warning"
        title={t('sso.ticketExpired')}
        subTitle={t('sso.ticketExpiredText')}
        extra={
          <Button type="primary" onClick={() => void navigate(paths.login.href())}>
            {t('auth.backToLogin')}
          </Button>
        }
      />
    );
  }

  function failed(error: unknown, shown: ShownTerms) {
    if (!consent.handleOutdated(error, shown)) report(error);
  }

  function submit(values: Values) {
    clear();
    const shown = consent.shown;
    complete.mutate(
      {
        ticket,
        phone: values.phone,
        code: values.code,
        agree_terms: values.agree_terms === true,
        ...shown,
      },
      { onSuccess: (session) => onSignedIn(session), onError: (error) => failed(error, shown) },
    );
  }

  function createWithoutPhone() {
    clear();
    // Whatever the phone fields said no longer applies.
    form.setFields([
      { name: 'phone', errors: [] },
      { name: 'code', errors: [] },
      { name: 'agree_terms', errors: [] },
    ]);
    const shown = consent.shown;
    complete.mutate(
      { ticket, agree_terms: form.getFieldValue('agree_terms') === true, ...shown },
      { onSuccess: (session) => onSignedIn(session), onError: (error) => failed(error, shown) },
    );
  }

  // The phone's account already has another identity at this provider (one of each kind).
  const alreadyLinked =
    formError instanceof ApiProblem && formError.code === 'provider_already_linked';
  const busy = complete.isPending || complete.isSuccess;
  const withPhone = complete.variables?.phone !== undefined;

  return (
    <>
      <Typography.Title level={2} className="auth-title">
        {t('sso.bindTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('sso.bindIntro', { name })}</Typography.Paragraph>
      {phoneRequired && <Typography.Paragraph>{t('sso.bindPhoneRequired')}</Typography.Paragraph>}
      <Form<Values>
        form={form}
        name={formName}
        layout="vertical"
        requiredMark={false}
        onFinish={submit}
      >
        <PhoneField />
        <SmsCodeField form={form} formName={formName} purpose="bind" onProblem={report} />
        <TermsConsent consent={consent} />
        {alreadyLinked ? (
          <Alert
            type="error"
            showIcon
            title={t('sso.alreadyLinked', { name })}
            description={t('sso.alreadyLinkedText', { name })}
            style={{ marginBottom: 16 }}
          />
        ) : (
          <ProblemAlert error={formError} />
        )}
        <Button
          type="primary"
          htmlType="submit"
          block
          size="large"
          loading={busy && withPhone}
          disabled={busy && !withPhone}
        >
          {t('sso.bindSubmit')}
        </Button>
      </Form>
      {!phoneRequired && (
        <>
          <Divider plain>{t('sso.or')}</Divider>
          <Button
            block
            onClick={createWithoutPhone}
            loading={busy && !withPhone}
            disabled={busy && withPhone}
          >
            {t('sso.createWithoutPhone')}
          </Button>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('sso.createWithoutPhoneHint', { name })}
          </Typography.Paragraph>
        </>
      )}
    </>
  );
}
