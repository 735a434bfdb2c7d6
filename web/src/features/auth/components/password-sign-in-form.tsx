import { Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { useFormProblem } from '@/hooks/use-form-problem';

import type { Session } from '../api/keep-session';
import { useSignInWithPassword } from '../api/sign-in-with-password';
import { PhoneField } from './phone-field';

type Values = { phone: string; password: string };

const fields = ['phone', 'password'] as const;

/** 密码登录, for accounts that set a password. A lock-out (423) says until when. */
export function PasswordSignInForm({
  initialPhone,
  onSignedIn,
}: {
  initialPhone?: string;
  onSignedIn: (session: Session) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const signIn = useSignInWithPassword();
  const { formError, report, clear } = useFormProblem(form, fields);

  function submit(values: Values) {
    clear();
    signIn.mutate(values, { onSuccess: (session) => onSignedIn(session), onError: report });
  }

  return (
    <Form<Values>
      form={form}
      name="password-sign-in"
      layout="vertical"
      requiredMark={false}
      initialValues={{ phone: initialPhone }}
      onFinish={submit}
    >
      <PhoneField />
      <Form.Item
        name="password"
        label={t('auth.password')}
        rules={[{ required: true, message: t('auth.passwordRequired') }]}
      >
        <Input.Password
          autoComplete="current-password"
          placeholder={t('auth.passwordPlaceholder')}
        />
      </Form.Item>
      <div className="form-links">
        <Link to={paths.resetPassword.href()}>{t('auth.forgotPassword')}</Link>
      </div>
      <ProblemAlert error={formError} />
      <Button type="primary" htmlType="submit" block size="large" loading={signIn.isPending}>
        {t('auth.submitLogin')}
      </Button>
    </Form>
  );
}
