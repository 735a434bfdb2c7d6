import { App, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useFormProblem } from '@/hooks/use-form-problem';
import type { Me } from '@/hooks/use-me';

import { useChangePassword } from '../api/change-password';
import { NewPasswordFields } from './new-password-fields';

type Values = { current_password?: string; new_password: string; confirm_password: string };

const fields = ['current_password', 'new_password'] as const;

/** Sets a first password (accounts made by SMS have none) or changes it. */
export function ChangePasswordForm({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const { formError, report, clear } = useFormProblem(form, fields);

  function submit({ current_password, new_password }: Values) {
    clear();
    change.mutate(
      { current_password: me.has_password ? current_password : undefined, new_password },
      {
        onSuccess: () => {
          form.resetFields();
          void message.success(t('userCenter.passwordSaved'));
        },
        onError: report,
      },
    );
  }

  return (
    <Card title={me.has_password ? t('userCenter.changePassword') : t('userCenter.setPassword')}>
      {!me.has_password && (
        <Typography.Paragraph type="secondary">
          {t('userCenter.setPasswordHint')}
        </Typography.Paragraph>
      )}
      <Form<Values>
        form={form}
        name="change-password"
        layout="vertical"
        requiredMark={false}
        onFinish={submit}
      >
        {me.has_password && (
          <Form.Item
            name="current_password"
            label={t('userCenter.currentPassword')}
            rules={[{ required: true, message: t('userCenter.currentPasswordRequired') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
        )}
        <NewPasswordFields />
        <ProblemAlert error={formError} />
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('userCenter.savePassword')}
        </Button>
      </Form>
    </Card>
  );
}
