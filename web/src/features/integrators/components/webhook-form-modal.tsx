import { App, Checkbox, Form, Input, Modal, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useFormProblem } from '@/hooks/use-form-problem';

import { useCreateWebhook, type CreatedWebhookEndpoint } from '../api/create-webhook';
import type { WebhookEndpoint, WebhookForm } from '../api/get-webhooks';
import { useUpdateWebhook } from '../api/update-webhook';
import { eventLabel, webhookEvents } from '../catalog';

type Values = { url: string; events: WebhookForm['events']; active: boolean };

const fieldNames = ['url', 'events', 'active'] as const;

type Props = {
  orgId: string;
  /** The endpoint to edit; none to add one. */
  endpoint?: WebhookEndpoint;
  onCreated: (created: CreatedWebhookEndpoint) => void;
  onClose: () => void;
};

/**
 * 添加 / 编辑 Webhook 端点 (owner): the URL, its events, whether it is active. The server also
 * checks the URL (`https://`, or `http://` in sandbox mode) and answers under the field.
 */
export function WebhookFormModal({ orgId, endpoint, onCreated, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateWebhook(orgId);
  const update = useUpdateWebhook(orgId);
  const { formError, report, clear } = useFormProblem(form, fieldNames);

  function submit(values: Values) {
    clear();
    const body: WebhookForm = {
      url: values.url.trim(),
      events: values.events,
      active: values.active,
    };
    if (endpoint) {
      update.mutate(
        { endpointId: endpoint.id, body },
        {
          onSuccess: () => {
            void message.success(t('integrators.webhooks.saved'));
            onClose();
          },
          onError: report,
        },
      );
    } else {
      create.mutate(body, { onSuccess: onCreated, onError: report });
    }
  }

  return (
    <Modal
      open
      title={t(endpoint ? 'integrators.webhooks.editTitle' : 'integrators.webhooks.addTitle')}
      okText={t('integrators.webhooks.save')}
      cancelText={t('integrators.cancel')}
      confirmLoading={create.isPending || update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        name="webhook"
        layout="vertical"
        requiredMark={false}
        initialValues={{
          url: endpoint?.url ?? '',
          events: endpoint?.events ?? [],
          active: endpoint?.active ?? true,
        }}
        onFinish={submit}
      >
        <Form.Item
          name="url"
          label={t('integrators.webhooks.url')}
          rules={[
            { required: true, whitespace: true, message: t('integrators.webhooks.urlRequired') },
            { pattern: /^https?:\/\/\S+$/, message: t('integrators.webhooks.urlInvalid') },
          ]}
        >
          <Input
            inputMode="url"
            maxLength={500}
            placeholder={t('integrators.webhooks.urlPlaceholder')}
          />
        </Form.Item>
        <Form.Item
          name="events"
          label={t('integrators.webhooks.events')}
          rules={[
            {
              required: true,
              type: 'array',
              min: 1,
              message: t('integrators.webhooks.eventsRequired'),
            },
          ]}
        >
          <Checkbox.Group style={{ width: '100%' }}>
            <Space orientation="vertical" size={6}>
              {webhookEvents.map((event) => (
                <Checkbox key={event} value={event}>
                  {eventLabel(t, event)}{' '}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {event}
                  </Typography.Text>
                </Checkbox>
              ))}
            </Space>
          </Checkbox.Group>
        </Form.Item>
        <Form.Item
          name="active"
          label={t('integrators.webhooks.activeLabel')}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
        <ProblemAlert error={formError} />
      </Form>
    </Modal>
  );
}
