import { Button, Form } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { SmsCodeField } from '@/components/sms-code-field';
import { useFormProblem } from '@/hooks/use-form-problem';

import type { Session } from '../api/keep-session';
import { useSignInWithSms } from '../api/sign-in-with-sms';
import { PhoneField } from './phone-field';
import { TermsConsent, useTermsConsent } from './terms-consent';

type Values = { phone: string; code: string; agree_terms?: boolean };

const formName = 'sms-sign-in';
const fields = ['phone', 'code', 'agree_terms'] as const;

/**
 * 短信登录: signs in, or registers a phone seen for the first time. The agreement is checked
 * by the server, which asks for it only when registering (`terms_required`), so people who
 * already agreed are not asked again; the request names the versions of the texts the form
 * showed (`TermsConsent`).
 */
export function SmsSignInForm({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const signIn = useSignInWithSms();
  const { formError, report, clear } = useFormProblem(form, fields);
  const consent = useTermsConsent(form);

  function submit(values: Values) {
    clear();
    const shown = consent.shown;
    signIn.mutate(
      {
        phone: values.phone,
        code: values.code,
        agree_terms: values.agree_terms === true,
        ...shown,
      },
      {
        onSuccess: (session) => onSignedIn(session),
        onError: (error) => {
          if (!consent.handleOutdated(error, shown)) report(error);
        },
      },
    );
  }

  return (
    <Form<Values>
      form={form}
      name={formName}
      layout="vertical"
      requiredMark={false}
      onFinish={submit}
    >
      <PhoneField />
      <SmsCodeField form={form} formName={formName} purpose="login" onProblem={report} />
      <TermsConsent consent={consent} />
      <ProblemAlert error={formError} />
      <Button type="primary" htmlType="submit" block size="large" loading={signIn.isPending}>
        {t('auth.submitLogin')}
      </Button>
    </Form>
  );
}
