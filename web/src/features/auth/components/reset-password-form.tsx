import { Button, Form } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { SmsCodeField } from '@/components/sms-code-field';
import { useFormProblem } from '@/hooks/use-form-problem';

import { useResetPassword } from '../api/reset-password';
import { NewPasswordFields } from './new-password-fields';
import { PhoneField } from './phone-field';

type Values = { phone: string; code: string; new_password: string; confirm_password: string };

const formName = 'reset-password';
const fields = ['phone', 'code', 'new_password'] as const;

/** 忘记密码: a code sent for purpose `reset`, then the new password. */
export function ResetPasswordForm({ onReset }: { onReset: (phone: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const reset = useResetPassword();
  const { formError, report, clear } = useFormProblem(form, fields);

  function submit({ phone, code, new_password }: Values) {
    clear();
    reset.mutate(
      { phone, code, new_password },
      { onSuccess: () => onReset(phone), onError: report },
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
      <SmsCodeField form={form} formName={formName} purpose="reset" onProblem={report} />
      <NewPasswordFields />
      <ProblemAlert error={formError} />
      <Button type="primary" htmlType="submit" block size="large" loading={reset.isPending}>
        {t('auth.submitReset')}
      </Button>
    </Form>
  );
}
