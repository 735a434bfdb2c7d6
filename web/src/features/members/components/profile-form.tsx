import { Alert, App, Button, Col, Form, Input, Row, Select, Space, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useFormProblem } from '@/hooks/use-form-problem';
import { ApiProblem } from '@/lib/api-client';
import { isWebsite } from '@/utils/website';

import type { MemberProfile, Membership } from '../api/get-membership';
import { useUpdateProfile } from '../api/update-profile';

export type ProfileSection = 'contact' | 'unit';

type ProfileKey = keyof MemberProfile;
type TopKey = 'contact_name' | 'legal_rep_name' | 'legal_rep_mobile';
type Values = Partial<Record<ProfileKey | TopKey, string | null>>;

const sectionFields: Record<ProfileSection, (ProfileKey | TopKey)[]> = {
  contact: ['contact_name', 'contact_email', 'contact_wechat_id'],
  unit: [
    'operating_status',
    'nature',
    'legal_rep_name',
    'legal_rep_mobile',
    'legal_rep_birth_date',
    'fax',
    'postcode',
    'phone',
    'industry',
    'scale',
    'province',
    'city',
    'address',
    'website',
    'registration_date',
    'business_scope',
    'telecom_licence_no',
    'registered_capital_wan',
    'paid_in_capital_wan',
    'intro',
  ],
};

const topKeys: readonly string[] = ['contact_name', 'legal_rep_name', 'legal_rep_mobile'];
const allFields = [...sectionFields.contact, ...sectionFields.unit];

/** The fields the API requires before the membership opens (`MemberProfile::missing`). */
const requiredFields: ReadonlySet<string> = new Set([
  'contact_email',
  'operating_status',
  'nature',
  'legal_rep_birth_date',
  'phone',
  'industry',
  'scale',
  'province',
  'city',
  'address',
  'registration_date',
  'business_scope',
  'registered_capital_wan',
]);

/** The choices of the fixed pickers; each stores its Chinese name, as the manual's forms do. */
const choices = {
  operating_status: ['existing', 'operating', 'moved_in', 'moved_out', 'suspended', 'liquidating'],
  nature: [
    'state_owned',
    'private',
    'foreign',
    'joint_venture',
    'institution',
    'association',
    'other',
  ],
  industry: [
    'internet',
    'software',
    'telecom',
    'ecommerce',
    'cross_border',
    'media',
    'fintech',
    'education',
    'manufacturing',
    'other',
  ],
  scale: ['s1', 's50', 's100', 's500', 's1000'],
} as const;

/**
 * The server names a profile field `profile.contact_email` when the JSON shape is wrong and
 * `legal_rep_birth_date` when its own checks refuse it: both land on the same input here.
 */
function withPlainFields(error: unknown): unknown {
  if (!(error instanceof ApiProblem) || error.errors.length === 0) return error;
  return new ApiProblem(
    {
      type: error.type,
      title: error.title,
      status: error.status,
      detail: error.detail,
      code: error.code,
      request_id: error.request_id,
      errors: error.errors.map((e) => ({ ...e, field: e.field.replace(/^profile\./, '') })),
    },
    error.retryAfterSecs,
  );
}

type Props = {
  orgId: string;
  membership: Membership;
  sections: ProfileSection[];
  /** The owner and admins change the profile; others read it. */
  canManage: boolean;
  submitText: string;
  /** Offer 保存草稿 (no required check) beside the submit button: the wizard's steps. */
  allowDraft?: boolean;
  /** After a save; `draft` when 保存草稿 made it. */
  onSaved?: (membership: Membership, draft: boolean) => void;
};

/**
 * The profile the unit keeps itself (SPEC §6), by section: contact, unit information. The
 * admin-only fields (unit name, USCC, contact mobile, level, tags) show as text with a note.
 * Each save sends the whole profile; saving with gaps keeps a draft, and the answer's
 * `missing` says what is left.
 */
export function ProfileForm({
  orgId,
  membership,
  sections,
  canManage,
  submitText,
  allowDraft = false,
  onSaved,
}: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const update = useUpdateProfile(orgId);
  const { formError, report, clear } = useFormProblem(form, allFields);
  const zh = i18n.getFixedT('zh-CN');
  const shown = new Set(sections.flatMap((section) => sectionFields[section]));

  const initialValues: Values = {
    ...membership.profile,
    contact_name: membership.contact_name,
    legal_rep_name: membership.legal_rep_name,
    legal_rep_mobile: '',
  };

  function save(values: Values, draft: boolean) {
    clear();
    const profile: MemberProfile = { ...membership.profile };
    for (const key of shown) {
      if (!topKeys.includes(key)) profile[key as ProfileKey] = values[key]?.trim() || null;
    }
    const text = (key: TopKey) => values[key]?.trim() || undefined;
    update.mutate(
      {
        profile,
        contact_name: shown.has('contact_name') ? text('contact_name') : undefined,
        legal_rep_name: shown.has('legal_rep_name') ? text('legal_rep_name') : undefined,
        legal_rep_mobile: shown.has('legal_rep_mobile') ? text('legal_rep_mobile') : undefined,
      },
      {
        onSuccess: (saved) => {
          form.setFieldValue('legal_rep_mobile', '');
          void message.success(
            t(
              saved.profile_complete
                ? 'membership.profile.saved'
                : draft
                  ? 'membership.profile.draftSaved'
                  : 'membership.profile.savedIncomplete',
            ),
          );
          onSaved?.(saved, draft);
        },
        onError: (error) => report(withPlainFields(error)),
      },
    );
  }

  const label = (key: string) => t(`membership.fields.${key}`);
  const plausibleDate = (value?: string | null) =>
    !value || value <= '2100-12-31'
      ? Promise.resolve()
      : Promise.reject(new Error(t('membership.profile.dateInvalid')));
  // Checked in the page's language, never by the browser (no type=url/email: their native
  // bubbles block the submit in the browser's language).
  const formats: Partial<Record<string, Rule>> = {
    contact_email: { type: 'email', message: t('membership.profile.emailInvalid') },
    website: {
      validator: (_, value?: string | null) =>
        !value?.trim() || isWebsite(value)
          ? Promise.resolve()
          : Promise.reject(new Error(t('membership.profile.websiteInvalid'))),
    },
    legal_rep_birth_date: { validator: (_, value?: string | null) => plausibleDate(value) },
    registration_date: { validator: (_, value?: string | null) => plausibleDate(value) },
  };
  const rules = (key: string): Rule[] => [
    ...(requiredFields.has(key)
      ? [
          {
            required: true,
            whitespace: true,
            message: t('membership.profile.required', { field: label(key) }),
          },
        ]
      : []),
    ...(formats[key] ? [formats[key]] : []),
  ];
  const text = (key: ProfileKey | TopKey, input = <Input maxLength={100} />) => (
    <Form.Item name={key} label={label(key)} rules={rules(key)}>
      {input}
    </Form.Item>
  );
  const choice = (key: keyof typeof choices) => (
    <Form.Item name={key} label={label(key)} rules={rules(key)}>
      <Select
        allowClear
        placeholder={t('membership.profile.choose')}
        options={choices[key].map((option) => ({
          value: zh(`membership.options.${key}.${option}`),
          label: t(`membership.options.${key}.${option}`),
        }))}
      />
    </Form.Item>
  );
  const readOnly = (key: string, value: string) => (
    <Form.Item label={label(key)} extra={t('membership.profile.adminOnly')}>
      <Typography.Text strong className={key === 'uscc' ? 'uscc' : undefined}>
        {value}
      </Typography.Text>
    </Form.Item>
  );
  const date = <Input type="date" />;

  return (
    <Form<Values>
      form={form}
      name={`member-profile-${sections.join('-')}`}
      layout="vertical"
      initialValues={initialValues}
      disabled={!canManage}
      onFinish={(values) => save(values, false)}
      scrollToFirstError
      // A half-typed date would stop the submit with the browser's own bubble.
      noValidate
    >
      {sections.includes('contact') && (
        <>
          {sections.length > 1 && (
            <Typography.Title level={4}>{t('membership.profile.contactSection')}</Typography.Title>
          )}
          <Row gutter={16}>
            <Col xs={24} md={12}>
              {text('contact_name', <Input maxLength={20} autoComplete="name" />)}
            </Col>
            <Col xs={24} md={12}>
              {readOnly('contact_mobile', membership.contact_mobile)}
            </Col>
            <Col xs={24} md={12}>
              {text(
                'contact_email',
                <Input inputMode="email" maxLength={100} autoComplete="email" />,
              )}
            </Col>
            <Col xs={24} md={12}>
              {text('contact_wechat_id', <Input maxLength={50} />)}
            </Col>
          </Row>
        </>
      )}
      {sections.includes('unit') && (
        <>
          {sections.length > 1 && (
            <Typography.Title level={4}>{t('membership.profile.unitSection')}</Typography.Title>
          )}
          <Row gutter={16}>
            <Col xs={24} md={12}>
              {readOnly('unitName', membership.unit_name)}
            </Col>
            <Col xs={24} md={12}>
              {readOnly('uscc', membership.uscc)}
            </Col>
            <Col xs={24} md={12}>
              {choice('operating_status')}
            </Col>
            <Col xs={24} md={12}>
              {choice('nature')}
            </Col>
            <Col xs={24} md={12}>
              {text('legal_rep_name', <Input maxLength={20} />)}
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="legal_rep_mobile"
                label={label('legal_rep_mobile')}
                extra={t('membership.profile.legalRepMobileHint', {
                  mobile: membership.legal_rep_mobile,
                })}
                rules={[{ pattern: /^1\d{10}$/, message: t('membership.register.mobileInvalid') }]}
              >
                <Input type="tel" inputMode="numeric" maxLength={11} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              {text('legal_rep_birth_date', date)}
            </Col>
            <Col xs={24} md={12}>
              {text('registration_date', date)}
            </Col>
            <Col xs={24} md={12}>
              {text('phone', <Input type="tel" maxLength={30} />)}
            </Col>
            <Col xs={24} md={12}>
              {text('fax', <Input type="tel" maxLength={30} />)}
            </Col>
            <Col xs={24} md={12}>
              {choice('industry')}
            </Col>
            <Col xs={24} md={12}>
              {choice('scale')}
            </Col>
            <Col xs={12} md={6}>
              {text('province', <Input maxLength={20} />)}
            </Col>
            <Col xs={12} md={6}>
              {text('city', <Input maxLength={20} />)}
            </Col>
            <Col xs={24} md={12}>
              {text('postcode', <Input inputMode="numeric" maxLength={6} />)}
            </Col>
            <Col xs={24}>
              {text('address', <Input maxLength={100} autoComplete="street-address" />)}
            </Col>
            <Col xs={24} md={12}>
              {text(
                'website',
                <Input
                  inputMode="url"
                  maxLength={200}
                  autoComplete="url"
                  spellCheck={false}
                  placeholder="www.example.com.cn"
                />,
              )}
            </Col>
            <Col xs={24} md={12}>
              {text('telecom_licence_no', <Input maxLength={50} />)}
            </Col>
            <Col xs={24} md={12}>
              {text(
                'registered_capital_wan',
                <Input inputMode="decimal" maxLength={16} suffix={t('membership.profile.wan')} />,
              )}
            </Col>
            <Col xs={24} md={12}>
              {text(
                'paid_in_capital_wan',
                <Input inputMode="decimal" maxLength={16} suffix={t('membership.profile.wan')} />,
              )}
            </Col>
            <Col xs={24}>
              {text(
                'business_scope',
                <Input.TextArea maxLength={1000} showCount autoSize={{ minRows: 3, maxRows: 8 }} />,
              )}
            </Col>
            <Col xs={24}>
              {text(
                'intro',
                <Input.TextArea
                  maxLength={2000}
                  showCount
                  autoSize={{ minRows: 3, maxRows: 10 }}
                />,
              )}
            </Col>
          </Row>
        </>
      )}
      <ProblemAlert error={formError} />
      {canManage ? (
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={update.isPending}>
            {submitText}
          </Button>
          {allowDraft && (
            <Button disabled={update.isPending} onClick={() => save(form.getFieldsValue(), true)}>
              {t('membership.profile.saveDraft')}
            </Button>
          )}
        </Space>
      ) : (
        <Alert type="info" showIcon title={t('membership.profile.managersOnly')} />
      )}
    </Form>
  );
}
