import { App, Button, Descriptions, Form, Input, Radio, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useFormProblem } from '@/hooks/use-form-problem';
import type { MediaInput } from '@/lib/media-input';
import type { components } from '@/types/api';

import { useApplyProvider, type ProviderForm as ProviderValues } from '../api/apply-provider';
import type { Provider } from '../api/get-provider';
import { useUpdateProvider } from '../api/update-provider';

type Org = components['schemas']['Org'];

const fieldNames = ['name', 'address', 'contact_phone', 'logo_media_id', 'intro'] as const;

type Props = {
  org: Org;
  /** The profile to edit; none to apply. */
  provider?: Provider | null;
  MediaInput: MediaInput;
  onDone: () => void;
  onCancel?: () => void;
};

/**
 * 完善服务商信息 (SPEC §3.1): the org's registered fields shown from the org, the rest typed
 * here. Saving submits for review (applying, or editing a pending or rejected application);
 * on an approved profile only name, logo and intro go back to review.
 */
export function ProviderForm({ org, provider, MediaInput, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProviderValues>();
  const apply = useApplyProvider(org.id);
  const update = useUpdateProvider(org.id);
  const { formError, report, clear } = useFormProblem(form, fieldNames);
  const saving = apply.isPending || update.isPending;

  function submit(values: ProviderValues) {
    clear();
    const body: ProviderValues = {
      name: values.name.trim(),
      address: values.address.trim(),
      contact_phone: values.contact_phone.trim(),
      intro: values.intro.trim(),
      logo_media_id: values.logo_media_id,
    };
    const options = {
      onSuccess: () => {
        void message.success(t(provider ? 'provider.saved' : 'provider.applied'));
        onDone();
      },
      onError: report,
    };
    if (provider) update.mutate(body, options);
    else apply.mutate(body, options);
  }

  return (
    <Form<ProviderValues>
      form={form}
      name="provider"
      layout="vertical"
      initialValues={{
        name: provider?.name ?? org.name,
        address: provider?.address ?? org.address ?? '',
        contact_phone: provider?.contact_phone ?? org.contact_phone ?? '',
        intro: provider?.intro ?? '',
        logo_media_id: provider?.logo?.media_id ?? undefined,
      }}
      onFinish={submit}
    >
      <Form.Item label={t('provider.kind')} required extra={t('provider.kindNote')}>
        <Radio.Group
          value="cloud_classroom"
          options={[{ value: 'cloud_classroom', label: t('provider.kinds.cloud_classroom') }]}
        />
      </Form.Item>
      <Descriptions
        size="small"
        column={1}
        bordered
        style={{ marginBottom: 24 }}
        items={[
          { key: 'org', label: t('provider.orgName'), children: org.name },
          {
            key: 'uscc',
            label: t('provider.uscc'),
            children: <span className="uscc">{org.uscc ?? '—'}</span>,
          },
          {
            key: 'legal',
            label: t('provider.legalRepresentative'),
            children: org.legal_representative || '—',
          },
        ]}
      />
      <Form.Item
        name="name"
        label={t('provider.name')}
        extra={t('provider.nameHint')}
        rules={[{ required: true, whitespace: true, message: t('provider.nameRequired') }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        name="address"
        label={t('provider.address')}
        rules={[{ required: true, whitespace: true, message: t('provider.addressRequired') }]}
      >
        <Input maxLength={30} showCount />
      </Form.Item>
      <Form.Item
        name="contact_phone"
        label={t('provider.contactPhone')}
        rules={[{ required: true, whitespace: true, message: t('provider.contactPhoneRequired') }]}
      >
        <Input maxLength={20} showCount inputMode="tel" />
      </Form.Item>
      <Form.Item
        name="logo_media_id"
        label={t('provider.logo')}
        rules={[{ required: true, message: t('provider.logoRequired') }]}
      >
        <MediaInput purpose="provider_logo" orgId={org.id} />
      </Form.Item>
      <Form.Item
        name="intro"
        label={t('provider.intro')}
        rules={[{ required: true, whitespace: true, message: t('provider.introRequired') }]}
      >
        <Input.TextArea maxLength={300} showCount autoSize={{ minRows: 4, maxRows: 10 }} />
      </Form.Item>
      {provider?.status === 'approved' && (
        <Typography.Paragraph type="secondary">{t('provider.reviewNote')}</Typography.Paragraph>
      )}
      <ProblemAlert error={formError} />
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('provider.save')}
        </Button>
        {onCancel && <Button onClick={onCancel}>{t('provider.cancel')}</Button>}
      </Space>
    </Form>
  );
}
