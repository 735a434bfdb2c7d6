import { App, Button, Form, Input, Space, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { useCountdown } from '@/hooks/use-countdown';
import { useRequestSmsCode, type SmsCodeRequest } from '@/hooks/use-request-sms-code';
import { ApiProblem } from '@/lib/api-client';

type Props = {
  /** The form holding the phone field the code goes to. */
  form: FormInstance;
  /** The form's `name`: antd gives the code input the id `<formName>_<name>`. */
  formName: string;
  purpose: SmsCodeRequest['purpose'];
  /** The field with the phone number; `phone` unless told. */
  phoneField?: string;
  /** The code's own field; `code` unless told (the request field it is sent as). */
  name?: string;
  /** The field's label; 验证码 unless told. */
  label?: string;
  /** A line under the field (what the code proves), if the form wants one. */
  extra?: ReactNode;
  /** A refused request (422 on the phone, 429): the form shows it. */
  onProblem: (error: unknown) => void;
};

/**
 * The six-digit code with its 获取验证码 button, for any form that proves a phone (the sign-in
 * and reset forms, the SSO bind screen, the member registration). The button checks the phone
 * field first, then waits as long as the server asks: `resend_after_secs` after a code,
 * `Retry-After` after a 429.
 */
export function SmsCodeField({
  form,
  formName,
  purpose,
  phoneField = 'phone',
  name = 'code',
  label,
  extra,
  onProblem,
}: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const requestCode = useRequestSmsCode();
  const { remaining, start } = useCountdown();

  async function send() {
    let phone: string;
    try {
      const values = (await form.validateFields([phoneField])) as Record<string, string>;
      phone = String(values[phoneField]).trim();
    } catch {
      return; // the phone field shows what is wrong
    }
    requestCode.mutate(
      { phone, purpose },
      {
        onSuccess: (sent) => {
          start(sent.resend_after_secs);
          void message.success(
            t('auth.codeSent', { minutes: Math.round(sent.expires_in_secs / 60) }),
          );
        },
        onError: (error) => {
          if (error instanceof ApiProblem && error.retryAfterSecs !== undefined) {
            start(error.retryAfterSecs);
          }
          onProblem(error);
        },
      },
    );
  }

  return (
    <Form.Item
      label={label ?? t('auth.code')}
      htmlFor={`${formName}_${name}`}
      extra={extra}
      required
    >
      <Space.Compact block>
        <Form.Item
          name={name}
          noStyle
          rules={[
            { required: true, message: t('auth.codeRequired') },
            { pattern: /^\d{6}$/, message: t('auth.codeInvalid') },
          ]}
        >
          <Input
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            placeholder={t('auth.codePlaceholder')}
          />
        </Form.Item>
        <Button
          onClick={() => void send()}
          disabled={remaining > 0}
          loading={requestCode.isPending}
          style={{ minWidth: 128 }}
        >
          {remaining > 0 ? t('auth.resendIn', { seconds: remaining }) : t('auth.sendCode')}
        </Button>
      </Space.Compact>
    </Form.Item>
  );
}
