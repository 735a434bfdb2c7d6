import {
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Space,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useFormProblem } from '@/hooks/use-form-problem';
import type { components } from '@/types/api';

import { useCreateApiClient, type CreatedApiClient } from '../api/create-api-client';
import { scopeKey, scopes } from '../catalog';

type Values = {
  kind: 'api_key' | 'oauth_client';
  name: string;
  /** The spec lists the scopes as an enum: the form offers only those. */
  scopes: components['schemas']['NewApiClient']['scopes'];
  expires_at?: Dayjs | null;
  rate_limit_per_minute: number;
};

const fieldNames = ['kind', 'name', 'scopes', 'expires_at', 'rate_limit_per_minute'] as const;

type Props = {
  orgId: string;
  onCreated: (created: CreatedApiClient) => void;
  onClose: () => void;
};

/** 新建凭证 (owner): an API key or an OAuth client, its scopes, an optional expiry and limit. */
export function CreateApiClientModal({ orgId, onCreated, onClose }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateApiClient(orgId);
  const { formError, report, clear } = useFormProblem(form, fieldNames);
  // Days before today cannot be picked; fixed when the dialog opens.
  const [startOfToday] = useState(() => new Date().setHours(0, 0, 0, 0));

  function submit(values: Values) {
    clear();
    create.mutate(
      {
        kind: values.kind,
        name: values.name.trim(),
        scopes: values.scopes,
        // The whole chosen day is still valid.
        expires_at: values.expires_at ? values.expires_at.endOf('day').toISOString() : null,
        rate_limit_per_minute: values.rate_limit_per_minute,
      },
      { onSuccess: onCreated, onError: report },
    );
  }

  return (
    <Modal
      open
      title={t('integrators.form.title')}
      okText={t('integrators.form.submit')}
      cancelText={t('integrators.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        name="api-client"
        layout="vertical"
        requiredMark={false}
        initialValues={{ kind: 'api_key', scopes: [], rate_limit_per_minute: 600 }}
        onFinish={submit}
      >
        <Form.Item name="kind" label={t('integrators.form.kind')}>
          <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            <Radio value="api_key">{t('integrators.form.kindApiKey')}</Radio>
            <Radio value="oauth_client">{t('integrators.form.kindOauth')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="name"
          label={t('integrators.form.name')}
          rules={[
            { required: true, whitespace: true, message: t('integrators.form.nameRequired') },
          ]}
        >
          <Input maxLength={50} placeholder={t('integrators.form.namePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="scopes"
          label={t('integrators.form.scopes')}
          extra={t('integrators.form.scopesHint')}
          rules={[
            {
              required: true,
              type: 'array',
              min: 1,
              message: t('integrators.form.scopesRequired'),
            },
          ]}
        >
          <Checkbox.Group style={{ width: '100%' }}>
            <Space orientation="vertical" size={6}>
              {scopes.map((scope) => (
                <Checkbox key={scope} value={scope}>
                  <Typography.Text code>{scope}</Typography.Text> {t(scopeKey(scope))}
                </Checkbox>
              ))}
            </Space>
          </Checkbox.Group>
        </Form.Item>
        <Form.Item
          name="expires_at"
          label={t('integrators.form.expiresAt')}
          extra={t('integrators.form.expiresAtHint')}
        >
          <DatePicker
            style={{ width: '100%', maxWidth: 240 }}
            disabledDate={(day) => day.valueOf() < startOfToday}
          />
        </Form.Item>
        <Form.Item
          name="rate_limit_per_minute"
          label={t('integrators.form.rateLimit')}
          rules={[{ required: true, message: t('integrators.form.rateLimitRequired') }]}
        >
          <InputNumber
            min={1}
            max={100_000}
            precision={0}
            style={{ width: '100%', maxWidth: 240 }}
          />
        </Form.Item>
        <ProblemAlert error={formError} />
      </Form>
    </Modal>
  );
}
