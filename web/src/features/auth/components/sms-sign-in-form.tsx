import { Button, Checkbox, Form } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { SmsCodeField } from '@/components/sms-code-field';
import { useFormProblem } from '@/hooks/use-form-problem';

import type { Session } from '../api/keep-session';
import { useSignInWithSms } from '../api/sign-in-with-sms';
import { LegalStatementModal } from './legal-statement-modal';
import { PhoneField } from './phone-field';

type Values = { phone: string; code: string; agree_terms?: boolean };

const formName = 'sms-sign-in';
const fields = ['phone', 'code', 'agree_terms'] as const;

/**
 * 短信登录: signs in, or registers a phone seen for the first time. The agreement is checked
 * by the server, which asks for it only when registering (`terms_required`), so people who
 * already agreed are not asked again.
 */
export function SmsSignInForm({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const signIn = useSignInWithSms();
  const { formError, report, clear } = useFormProblem(form, fields);
  const [legalOpen, setLegalOpen] = useState(false);

  function submit(values: Values) {
    clear();
    signIn.mutate(
      { phone: values.phone, code: values.code, agree_terms: values.agree_terms === true },
      { onSuccess: (session) => onSignedIn(session), onError: report },
    );
  }

  return (
    <>
      <Form<Values>
        form={form}
        name={formName}
        layout="vertical"
        requiredMark={false}
        onFinish={submit}
      >
        <PhoneField />
        <SmsCodeField form={form} formName={formName} purpose="login" onProblem={report} />
        <Form.Item name="agree_terms" valuePropName="checked">
          <Checkbox>
            {t('auth.agreePrefix')}
            <Button
              type="link"
              size="small"
              className="inline-link"
              onClick={(event) => {
                event.preventDefault(); // open the statement, leave the box as it is
                setLegalOpen(true);
              }}
            >
              {t('auth.legalLink')}
            </Button>
          </Checkbox>
        </Form.Item>
        <ProblemAlert error={formError} />
        <Button type="primary" htmlType="submit" block size="large" loading={signIn.isPending}>
          {t('auth.submitLogin')}
        </Button>
      </Form>
      <LegalStatementModal open={legalOpen} onClose={() => setLegalOpen(false)} />
    </>
  );
}
