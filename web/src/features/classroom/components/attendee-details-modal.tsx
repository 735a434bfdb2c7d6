import { Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useFormProblem } from '@/hooks/use-form-problem';
import { useMe } from '@/hooks/use-me';

import type { AttendeeDetails } from '../api/enroll';

type Values = { name: string; company?: string };

const fieldNames = ['name', 'company'] as const;
const nameMax = 30;
const companyMax = 50;

/**
 * The account's display name as a starting point for 姓名, unless it is the masked mobile a
 * phone sign-up starts with (138****8000): that is no one's name.
 */
function nameFromAccount(displayName: string | undefined): string {
  const name = displayName?.trim() ?? '';
  return /^[\d*+\s-]*$/.test(name) ? '' : name.slice(0, nameMax);
}

type Props = {
  title: string;
  okText: string;
  submitting: boolean;
  /** Sends the details; rejects with the API's problem, shown under its field or below. */
  onSubmit: (details: AttendeeDetails) => Promise<unknown>;
  onCancel: () => void;
};

/**
 * Who is attending (报名 and a walk-in's 签到): 姓名, required and prefilled from the account,
 * and 单位, optional; both shown to the provider on its lists. Mounted while it is open.
 */
export function AttendeeDetailsModal({ title, okText, submitting, onSubmit, onCancel }: Props) {
  const { t } = useTranslation();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const { formError, report, clear } = useFormProblem(form, fieldNames);

  function submit(values: Values) {
    clear();
    const company = values.company?.trim();
    onSubmit({ name: values.name.trim(), ...(company ? { company } : {}) }).catch(report);
  }

  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText={t('classroom.attendee.cancel')}
      confirmLoading={submitting}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('classroom.attendee.text')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        name="attendee-details"
        layout="vertical"
        initialValues={{ name: nameFromAccount(me.data?.display_name), company: '' }}
        onFinish={submit}
      >
        <Form.Item
          name="name"
          label={t('classroom.attendee.name')}
          rules={[
            { required: true, whitespace: true, message: t('classroom.attendee.nameRequired') },
            { max: nameMax, message: t('classroom.attendee.nameTooLong', { max: nameMax }) },
          ]}
        >
          <Input maxLength={nameMax} autoComplete="name" />
        </Form.Item>
        <Form.Item
          name="company"
          label={t('classroom.attendee.company')}
          rules={[
            {
              max: companyMax,
              message: t('classroom.attendee.companyTooLong', { max: companyMax }),
            },
          ]}
        >
          <Input
            maxLength={companyMax}
            autoComplete="organization"
            placeholder={t('classroom.attendee.optional')}
          />
        </Form.Item>
        <ProblemAlert error={formError} />
      </Form>
    </Modal>
  );
}
