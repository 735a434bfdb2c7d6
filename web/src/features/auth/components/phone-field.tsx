import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

// What the server's `Mobile` accepts: 11 digits from 1, optionally after +86. The server
// checks again and answers `mobile_format` for anything this lets through.
const mainlandMobile = /^(\+?86)?1\d{10}$/;

/** The phone number field of the sign-in and reset forms (field name `phone`). */
export function PhoneField() {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="phone"
      label={t('auth.phone')}
      normalize={(value: string) => value.replace(/\s+/g, '')}
      rules={[
        { required: true, message: t('auth.phoneRequired') },
        { pattern: mainlandMobile, message: t('auth.phoneInvalid') },
      ]}
    >
      <Input
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        maxLength={20}
        placeholder={t('auth.phonePlaceholder')}
      />
    </Form.Item>
  );
}
