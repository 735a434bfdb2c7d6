import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Form, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { LegalDocumentModal } from '@/components/legal-document-modal';
import { ProblemAlert } from '@/components/problem-alert';
import { SmsCodeField } from '@/components/sms-code-field';
import { paths } from '@/config/paths';
import { useFormProblem } from '@/hooks/use-form-problem';
import { refetchLegalDocument, useLegalDocument } from '@/hooks/use-legal-document';
import { ApiProblem } from '@/lib/api-client';

import { useUserTypes } from '../api/get-user-types';
import type { Registration } from '../api/register-membership';

/** The request fields, in form order (for `useFormProblem`). */
const fieldNames = [
  'unit_name',
  'uscc',
  'legal_rep_name',
  'legal_rep_mobile',
  'contact_name',
  'contact_mobile',
  'sms_code',
  'user_type_id',
  'password',
  'password_confirmation',
  'agree_charter',
] as const;

const mainlandMobile = /^1\d{10}$/;

type Values = Omit<Registration, 'agree_charter'> & { agree_charter?: boolean };

const formName = 'membership-register';

type Props = {
  /**
   * An org already on the platform applying (its owner): the unit's name and USCC are the
   * org's and show as text. Absent for a public registration.
   */
  org?: { name: string; uscc?: string | null };
  submitText: string;
  submitting: boolean;
  /** Sends the registration; rejects with the API's problem. */
  onSubmit: (registration: Registration) => Promise<unknown>;
};

/**
 * 会员注册: the unit, its legal representative and contact (whose mobile is the second sign-in
 * account), the user type, the membership password and the charter. The server judges the
 * USCC's check character, mobiles and the password rule; its answers show under the fields.
 * A unit already registered or already on the platform is told where to go instead.
 *
 * A public registration proves the contact mobile with a `bind` SMS code (`sms_code`): the
 * member sign-in opens that phone's account, so whoever registers must hold the phone. An org
 * applying from its user center does not: its owner is signed in.
 *
 * The charter is the current 《协会章程》 (`GET /legal/charter`), and the request names the
 * version shown; a newer one published meanwhile answers 409 `legal_version_outdated` before
 * anything is spent: the box is unticked and the new text opens, to read and accept again.
 */
export function RegistrationForm({ org, submitText, submitting, onSubmit }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const userTypes = useUserTypes();
  const { formError, report, clear } = useFormProblem(form, fieldNames);
  const [charterOpen, setCharterOpen] = useState(false);
  const queryClient = useQueryClient();
  const charter = useLegalDocument('charter');
  const [charterNotice, setCharterNotice] = useState<string | null>(null);

  /** `legal_version_outdated`: the charter changed since the form loaded it (handled). */
  function charterOutdated(error: unknown): boolean {
    if (!(error instanceof ApiProblem && error.code === 'legal_version_outdated')) return false;
    form.setFields([{ name: 'agree_charter', value: false, errors: [error.title] }]);
    setCharterNotice(error.title);
    void refetchLegalDocument(queryClient, 'charter').then(() => setCharterOpen(true));
    return true;
  }

  /**
   * A code request refused: a mobile the server refuses shows on 联系人移动电话, a wait (429)
   * beside the button counting it down; not at the foot of a long form, out of sight on a phone.
   */
  function codeRefused(error: unknown) {
    if (error instanceof ApiProblem) {
      const mobile = error.fieldMessage('phone');
      if (mobile !== undefined) {
        form.setFields([{ name: 'contact_mobile', errors: [mobile] }]);
        return;
      }
      if (error.status === 429) {
        const wait = [error.title, error.detail].filter(Boolean).join(' ');
        form.setFields([{ name: 'sms_code', errors: [wait] }]);
        return;
      }
    }
    report(error);
  }

  function submit(values: Values) {
    clear();
    const trim = (value: string | undefined) => value?.trim() ?? '';
    onSubmit({
      unit_name: trim(org?.name ?? values.unit_name),
      uscc: trim(org?.uscc ?? values.uscc).toUpperCase(),
      legal_rep_name: trim(values.legal_rep_name),
      legal_rep_mobile: trim(values.legal_rep_mobile),
      contact_name: trim(values.contact_name),
      contact_mobile: trim(values.contact_mobile),
      ...(org ? {} : { sms_code: trim(values.sms_code ?? undefined) }),
      user_type_id: values.user_type_id,
      password: values.password,
      password_confirmation: values.password_confirmation,
      agree_charter: values.agree_charter === true,
      charter_version: charter.data?.version,
    }).catch((error: unknown) => {
      if (!charterOutdated(error)) report(error);
    });
  }

  const conflict = formError instanceof ApiProblem && formError.status === 409 ? formError : null;
  const mobileRules = (required: string) => [
    { required: true, message: required },
    { pattern: mainlandMobile, message: t('membership.register.mobileInvalid') },
  ];

  return (
    <Form<Values>
      form={form}
      name={formName}
      layout="vertical"
      requiredMark
      onFinish={submit}
      scrollToFirstError
    >
      {org ? (
        <>
          <Form.Item label={t('membership.fields.unitName')}>
            <Typography.Text strong>{org.name}</Typography.Text>
          </Form.Item>
          <Form.Item
            label={t('membership.fields.uscc')}
            extra={t('membership.register.usccIsAccount')}
          >
            <Typography.Text className="uscc">{org.uscc ?? '—'}</Typography.Text>
          </Form.Item>
        </>
      ) : (
        <>
          <Form.Item
            name="unit_name"
            label={t('membership.fields.unitName')}
            extra={t('membership.register.unitNameHint')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('membership.register.unitNameRequired'),
              },
            ]}
          >
            <Input maxLength={50} autoComplete="organization" />
          </Form.Item>
          <Form.Item
            name="uscc"
            label={t('membership.fields.uscc')}
            extra={t('membership.register.usccHint')}
            rules={[
              { required: true, whitespace: true, message: t('membership.register.usccRequired') },
              { len: 18, message: t('membership.register.usccLength') },
            ]}
            normalize={(value?: string) => value?.replace(/\s+/g, '').toUpperCase()}
          >
            <Input maxLength={18} className="uscc" autoComplete="off" spellCheck={false} />
          </Form.Item>
        </>
      )}
      <Form.Item
        name="legal_rep_name"
        label={t('membership.fields.legalRepName')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('membership.register.legalRepNameRequired'),
          },
        ]}
      >
        <Input maxLength={20} />
      </Form.Item>
      <Form.Item
        name="legal_rep_mobile"
        label={t('membership.fields.legalRepMobile')}
        rules={mobileRules(t('membership.register.legalRepMobileRequired'))}
      >
        <Input type="tel" inputMode="numeric" maxLength={11} />
      </Form.Item>
      <Form.Item
        name="contact_name"
        label={t('membership.fields.contactName')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('membership.register.contactNameRequired'),
          },
        ]}
      >
        <Input maxLength={20} autoComplete="name" />
      </Form.Item>
      <Form.Item
        name="contact_mobile"
        label={t('membership.fields.contactMobile')}
        extra={t('membership.register.contactMobileHint')}
        rules={mobileRules(t('membership.register.contactMobileRequired'))}
      >
        <Input type="tel" inputMode="numeric" maxLength={11} autoComplete="tel" />
      </Form.Item>
      {!org && (
        <SmsCodeField
          form={form}
          formName={formName}
          purpose="bind"
          phoneField="contact_mobile"
          name="sms_code"
          label={t('membership.register.smsCode')}
          extra={t('membership.register.smsCodeHint')}
          onProblem={codeRefused}
        />
      )}
      <Form.Item
        name="user_type_id"
        label={t('membership.fields.userType')}
        rules={[{ required: true, message: t('membership.register.userTypeRequired') }]}
      >
        <Select
          loading={userTypes.isPending}
          placeholder={t('membership.register.userTypePlaceholder')}
          options={userTypes.data?.map((type) => ({ value: type.id, label: type.name }))}
        />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('membership.fields.password')}
        extra={t('membership.register.passwordRule')}
        rules={[{ required: true, message: t('membership.register.passwordRequired') }]}
      >
        <Input.Password autoComplete="new-password" maxLength={64} />
      </Form.Item>
      <Form.Item
        name="password_confirmation"
        label={t('membership.fields.passwordConfirmation')}
        dependencies={['password']}
        rules={[
          { required: true, message: t('membership.register.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || getFieldValue('password') === value
                ? Promise.resolve()
                : Promise.reject(new Error(t('membership.register.passwordMismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={64} />
      </Form.Item>
      <Form.Item
        name="agree_charter"
        valuePropName="checked"
        rules={[
          {
            validator: (_, value) =>
              value
                ? Promise.resolve()
                : Promise.reject(new Error(t('membership.register.charterRequired'))),
          },
        ]}
      >
        <Checkbox>
          {t('membership.register.agree')}
          <Button type="link" className="inline-link" onClick={() => setCharterOpen(true)}>
            {t('membership.register.charterLink')}
          </Button>
        </Checkbox>
      </Form.Item>

      {conflict?.code === 'member_already_registered' ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('membership.register.alreadyMember')}
          description={
            <>
              {t('membership.register.alreadyMemberText')}{' '}
              <Link to={paths.membershipLogin.href()}>{t('membership.register.toLogin')}</Link>
            </>
          }
        />
      ) : conflict?.code === 'org_already_on_platform' ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('membership.register.orgOnPlatform')}
          description={
            <>
              {t('membership.register.orgOnPlatformText')}{' '}
              <Link to={paths.login.href(paths.membership.href())}>
                {t('membership.register.toUserCenter')}
              </Link>
            </>
          }
        />
      ) : (
        <ProblemAlert error={formError} />
      )}
      <Button type="primary" htmlType="submit" block loading={submitting}>
        {submitText}
      </Button>

      <LegalDocumentModal
        kind="charter"
        open={charterOpen}
        onClose={() => {
          setCharterOpen(false);
          setCharterNotice(null);
        }}
        notice={
          charterNotice ? (
            <Alert type="warning" showIcon title={charterNotice} style={{ marginBottom: 16 }} />
          ) : null
        }
        onAgree={() => {
          form.setFieldValue('agree_charter', true);
          void form.validateFields(['agree_charter']);
          setCharterOpen(false);
          setCharterNotice(null);
        }}
      />
    </Form>
  );
}
