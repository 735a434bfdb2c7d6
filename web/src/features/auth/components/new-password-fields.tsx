import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * `new_password` and its confirmation. The rules (8–64 characters, a letter, a digit and a
 * special character, not the phone number) are the server's: it answers each with a
 * localised field error, so here they are only described, and the match is checked.
 */
export function NewPasswordFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="new_password"
        label={t('auth.newPassword')}
        extra={t('auth.passwordRule')}
        rules={[{ required: true, message: t('auth.newPasswordRequired') }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm_password"
        label={t('auth.confirmPassword')}
        dependencies={['new_password']}
        rules={[
          { required: true, message: t('auth.confirmPasswordRequired') },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || getFieldValue('new_password') === value
                ? Promise.resolve()
                : Promise.reject(new Error(t('auth.passwordMismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
