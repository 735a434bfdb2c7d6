import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { App, Alert, Button, Form, Input, Modal, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { AuditorNote } from '@/components/auditor-note';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormProblem } from '@/hooks/use-form-problem';

import type { Decision } from '../api/decide-provider';

type Props = {
  /** The item's state: actions only while `pending`. */
  status: string;
  rejectReason?: string | null;
  approveText: string;
  decide: (decision: Decision) => Promise<unknown>;
  deciding: boolean;
  onDecided: () => void;
  /** An auditor's view: no actions, a note instead. */
  readOnly?: boolean;
};

/** 通过 (after a confirmation) or 驳回 with a required reason (a modal). */
export function DecisionBar({
  status,
  rejectReason,
  approveText,
  decide,
  deciding,
  onDecided,
  readOnly = false,
}: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [rejecting, setRejecting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const { formError, report, clear } = useFormProblem(form, ['reason']);

  if (status !== 'pending') {
    return (
      <Alert
        type={status === 'approved' ? 'success' : 'warning'}
        showIcon
        title={t('admin.decided', {
          status: t(`admin.statuses.${status}`, { defaultValue: status }),
        })}
        description={
          rejectReason ? t('admin.rejectReasonShown', { reason: rejectReason }) : undefined
        }
      />
    );
  }
  if (readOnly) return <AuditorNote />;

  const approve = () =>
    decide({ approve: true }).then(
      () => {
        void message.success(t('admin.approved'));
        onDecided();
      },
      (failure: unknown) => setError(failure),
    );

  return (
    <>
      <ProblemAlert error={error} />
      <Space wrap className="decision-bar">
        <Popconfirm
          title={t('admin.approveTitle')}
          description={approveText}
          okText={t('admin.approve')}
          cancelText={t('console.lecturer.cancel')}
          onConfirm={approve}
        >
          <Button
            type="primary"
            icon={<CheckOutlined aria-hidden />}
            loading={deciding && !rejecting}
          >
            {t('admin.approve')}
          </Button>
        </Popconfirm>
        <Button danger icon={<CloseOutlined aria-hidden />} onClick={() => setRejecting(true)}>
          {t('admin.reject')}
        </Button>
      </Space>
      <Modal
        open={rejecting}
        title={t('admin.rejectTitle')}
        okText={t('admin.reject')}
        okButtonProps={{ danger: true }}
        cancelText={t('console.lecturer.cancel')}
        confirmLoading={deciding}
        onOk={() => form.submit()}
        onCancel={() => setRejecting(false)}
        destroyOnHidden
      >
        <Form<{ reason: string }>
          form={form}
          name="reject"
          layout="vertical"
          onFinish={({ reason }) => {
            clear();
            decide({ approve: false, reason: reason.trim() }).then(() => {
              void message.success(t('admin.rejected'));
              setRejecting(false);
              onDecided();
            }, report);
          }}
        >
          <Form.Item
            name="reason"
            label={t('admin.rejectReason')}
            extra={t('admin.rejectReasonHint')}
            rules={[{ required: true, whitespace: true, message: t('admin.rejectReasonRequired') }]}
          >
            <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 3, maxRows: 8 }} />
          </Form.Item>
          <ProblemAlert error={formError} />
        </Form>
      </Modal>
    </>
  );
}
