import { Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import type { Org } from '../api/get-my-orgs';

/** The request fields of an org, in form order (for `useFormProblem`). */
export const orgFieldNames = [
  'name',
  'uscc',
  'legal_representative',
  'address',
  'contact_phone',
] as const;

export type OrgValues = {
  name: string;
  uscc: string;
  legal_representative: string;
  address?: string;
  contact_phone?: string;
};

const trim = (value: string | undefined) => value?.trim() ?? '';

/** The form's values as the API takes them: trimmed, the USCC in capitals. */
export function normalizeOrgValues(values: OrgValues): Required<OrgValues> {
  return {
    name: trim(values.name),
    uscc: trim(values.uscc).toUpperCase(),
    legal_representative: trim(values.legal_representative),
    address: trim(values.address),
    contact_phone: trim(values.contact_phone),
  };
}

type Props = {
  /**
   * A certified org: name, USCC and legal representative came from the government, so they
   * show as text, not inputs (the API refuses changes to them).
   */
  certified?: Org;
};

/**
 * The inputs of the create and edit forms. Client-side checks are only the obvious ones
 * (required, lengths); the USCC's check character is the server's to judge, and its answer
 * shows under the field.
 */
export function OrgFields({ certified }: Props) {
  const { t } = useTranslation();
  const governmentNote = (
    <Typography.Text type="secondary">{t('enterprise.fromGovernment')}</Typography.Text>
  );
  return (
    <>
      {certified ? (
        <>
          <Form.Item label={t('enterprise.name')} extra={governmentNote}>
            <Typography.Text strong>{certified.name}</Typography.Text>
          </Form.Item>
          <Form.Item label={t('enterprise.uscc')} extra={governmentNote}>
            <Typography.Text className="uscc">{certified.uscc ?? '—'}</Typography.Text>
          </Form.Item>
          <Form.Item label={t('enterprise.legalRepresentative')} extra={governmentNote}>
            <Typography.Text>{certified.legal_representative}</Typography.Text>
          </Form.Item>
        </>
      ) : (
        <>
          <Form.Item
            name="name"
            label={t('enterprise.name')}
            rules={[
              { required: true, whitespace: true, message: t('enterprise.nameRequired') },
              { min: 2, max: 100, message: t('enterprise.nameLength') },
            ]}
          >
            <Input maxLength={100} autoComplete="organization" />
          </Form.Item>
          <Form.Item
            name="uscc"
            label={t('enterprise.uscc')}
            extra={t('enterprise.usccHint')}
            rules={[
              { required: true, whitespace: true, message: t('enterprise.usccRequired') },
              { len: 18, message: t('enterprise.usccLength') },
            ]}
            normalize={(value?: string) => value?.replace(/\s+/g, '').toUpperCase()}
          >
            <Input maxLength={18} className="uscc" autoComplete="off" spellCheck={false} />
          </Form.Item>
          <Form.Item
            name="legal_representative"
            label={t('enterprise.legalRepresentative')}
            rules={[
              { required: true, whitespace: true, message: t('enterprise.legalRequired') },
              { max: 30, message: t('enterprise.legalLength') },
            ]}
          >
            <Input maxLength={30} />
          </Form.Item>
        </>
      )}
      <Form.Item name="address" label={t('enterprise.address')}>
        <Input maxLength={100} autoComplete="street-address" />
      </Form.Item>
      <Form.Item name="contact_phone" label={t('enterprise.contactPhone')}>
        <Input type="tel" maxLength={20} autoComplete="tel" />
      </Form.Item>
    </>
  );
}
