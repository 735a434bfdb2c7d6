import { Form, InputNumber, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useFormProblem } from '@/hooks/use-form-problem';

import type { CreatedWebhookEndpoint } from '../api/create-webhook';
import type { WebhookEndpoint } from '../api/get-webhooks';
import { useRotateWebhookSecret } from '../api/rotate-webhook-secret';

type Values = { overlap_hours: number };

const fieldNames = ['overlap_hours'] as const;

type Props = {
  orgId: string;
  endpoint: WebhookEndpoint;
  onRotated: (rotated: CreatedWebhookEndpoint) => void;
  onClose: () => void;
};

/**
 * 轮换签名密钥 (owner), asked first: what rotating does, and for how many hours (0–168, 24 by
 * default) the old secret keeps signing beside the new one. The new secret goes to
 * `onRotated`, to be shown once.
 */
export function RotateSecretModal({ orgId, endpoint, onRotated, onClose }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const rotate = useRotateWebhookSecret(orgId);
  const { formError, report, clear } = useFormProblem(form, fieldNames);

  function submit(values: Values) {
    clear();
    rotate.mutate(
      { endpointId: endpoint.id, overlapHours: values.overlap_hours },
      { onSuccess: onRotated, onError: report },
    );
  }

  return (
    <Modal
      open
      title={t('integrators.rotate.title')}
      okText={t('integrators.rotate.submit')}
      okButtonProps={{ danger: true }}
      cancelText={t('integrators.cancel')}
      confirmLoading={rotate.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary" style={{ wordBreak: 'break-all' }}>
        {endpoint.url}
      </Typography.Paragraph>
      <Typography.Paragraph>{t('integrators.rotate.text')}</Typography.Paragraph>
      <Typography.Paragraph>{t('integrators.rotate.overlapText')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        name="rotate-secret"
        layout="vertical"
        requiredMark={false}
        initialValues={{ overlap_hours: 24 }}
        onFinish={submit}
      >
        <Form.Item
          name="overlap_hours"
          label={t('integrators.rotate.overlap')}
          extra={t('integrators.rotate.overlapHint')}
          rules={[
            {
              required: true,
              type: 'integer',
              min: 0,
              max: 168,
              message: t('integrators.rotate.overlapRequired'),
            },
          ]}
        >
          <InputNumber
            min={0}
            max={168}
            precision={0}
            inputMode="numeric"
            suffix={t('integrators.rotate.hours')}
            style={{ width: 160 }}
          />
        </Form.Item>
        <ProblemAlert error={formError} />
      </Form>
    </Modal>
  );
}
