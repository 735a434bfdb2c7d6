import { App, Alert, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useFormProblem } from '@/hooks/use-form-problem';
import type { MediaInput } from '@/lib/media-input';
import { fenToYuanText, formatFen, yuanToFen } from '@/utils/format-money';

import type { DueYear } from '../api/get-dues';
import type { Payment } from '../api/get-payments';
import { useSubmitOfflinePayment, type OfflinePaymentForm } from '../api/submit-offline-payment';
import { useUpdateOfflinePayment } from '../api/update-offline-payment';
import { today } from '../format';

type Values = {
  year: number;
  amount: string;
  paid_on: string;
  payer_account: string;
  bank_serial: string;
  voucher_media_id: string | null;
};

const fieldNames = [
  'year',
  'amount_fen',
  'paid_on',
  'payer_account',
  'bank_serial',
  'voucher_media_id',
] as const;

type Props = {
  orgId: string;
  /** The years one may pay (new submissions) or the payment's year (an edit). */
  years: DueYear[];
  /** The year to start with (the one whose 线下缴费 was clicked). */
  year?: number;
  /** Editing this submitted or rejected payment; absent for a new one. */
  payment?: Payment;
  open: boolean;
  onClose: () => void;
  MediaInput: MediaInput;
};

/**
 * 线下缴费: after a bank transfer, the member records the amount, date, paying account, the
 * bank's serial number and a voucher (image or PDF); an admin confirms it. A submitted or
 * rejected one can be changed here (a rejected one is submitted again).
 */
export function OfflinePaymentModal({
  orgId,
  years,
  year,
  payment,
  open,
  onClose,
  MediaInput,
}: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const submit = useSubmitOfflinePayment(orgId);
  const update = useUpdateOfflinePayment(orgId);
  // `amount_fen` is the API's name for the yuan input here.
  const { formError, report, clear } = useFormProblem(form, fieldNames);
  const saving = submit.isPending || update.isPending;
  const feeOf = (y: number) => years.find((due) => due.year === y)?.amount_fen;

  const startYear = payment?.year ?? year ?? years[0]?.year;
  const initialValues: Partial<Values> = payment
    ? {
        year: payment.year,
        amount: fenToYuanText(payment.amount_fen),
        paid_on: payment.paid_on ?? undefined,
        payer_account: payment.payer_account ?? undefined,
        bank_serial: payment.bank_serial ?? undefined,
        voucher_media_id: payment.voucher_media_id ?? null,
      }
    : {
        year: startYear,
        amount: startYear && feeOf(startYear) ? fenToYuanText(feeOf(startYear)!) : undefined,
      };

  function save(values: Values) {
    clear();
    const body: OfflinePaymentForm = {
      year: values.year,
      amount_fen: yuanToFen(values.amount) ?? 0,
      paid_on: values.paid_on,
      payer_account: values.payer_account.trim(),
      bank_serial: values.bank_serial.trim(),
      voucher_media_id: values.voucher_media_id ?? '',
    };
    const done = () => {
      void message.success(
        t(payment ? 'membership.offline.updated' : 'membership.offline.submitted'),
      );
      onClose();
    };
    const onError = (error: unknown) => {
      report(error);
      // The amount field is `amount` here.
      const problem = error as { errors?: { field: string; message: string }[] };
      const amountError = problem.errors?.find((e) => e.field === 'amount_fen');
      if (amountError) form.setFields([{ name: 'amount', errors: [amountError.message] }]);
    };
    if (payment) update.mutate({ paymentId: payment.id, body }, { onSuccess: done, onError });
    else submit.mutate(body, { onSuccess: done, onError });
  }

  return (
    <Modal
      open={open}
      title={t(payment ? 'membership.offline.editTitle' : 'membership.offline.title')}
      okText={t(payment ? 'membership.offline.resubmit' : 'membership.offline.submit')}
      cancelText={t('membership.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert
        type="info"
        showIcon
        title={t('membership.offline.notice')}
        style={{ marginBottom: 16 }}
      />
      <Form<Values>
        form={form}
        name="offline-payment"
        layout="vertical"
        initialValues={initialValues}
        onFinish={save}
        // A half-typed date would stop the submit with the browser's own bubble.
        noValidate
        onValuesChange={(changed: Partial<Values>) => {
          // A new year brings its fee, unless the member already typed another amount.
          if (changed.year !== undefined && !payment) {
            const fee = feeOf(changed.year);
            if (fee) form.setFieldValue('amount', fenToYuanText(fee));
          }
        }}
      >
        <Form.Item
          name="year"
          label={t('membership.offline.year')}
          rules={[{ required: true, message: t('membership.offline.yearRequired') }]}
        >
          <Select
            options={years.map((due) => ({
              value: due.year,
              label: t('membership.dues.yearLabel', {
                year: due.year,
                amount: formatFen(due.amount_fen, i18n.language),
              }),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('membership.offline.amount')}
          rules={[
            { required: true, message: t('membership.offline.amountRequired') },
            {
              validator: (_, value?: string) =>
                !value || (yuanToFen(value) ?? 0) > 0
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('membership.offline.amountInvalid'))),
            },
          ]}
        >
          <Input inputMode="decimal" prefix="¥" maxLength={15} />
        </Form.Item>
        <Form.Item
          name="paid_on"
          label={t('membership.offline.paidOn')}
          rules={[
            { required: true, message: t('membership.offline.paidOnRequired') },
            {
              validator: (_, value?: string) =>
                !value || value <= today()
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('membership.offline.paidOnFuture'))),
            },
          ]}
        >
          <Input type="date" />
        </Form.Item>
        <Form.Item
          name="payer_account"
          label={t('membership.offline.payerAccount')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('membership.offline.payerAccountRequired'),
            },
          ]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="bank_serial"
          label={t('membership.offline.bankSerial')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('membership.offline.bankSerialRequired'),
            },
          ]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item
          name="voucher_media_id"
          label={t('membership.offline.voucher')}
          rules={[{ required: true, message: t('membership.offline.voucherRequired') }]}
        >
          <MediaInput purpose="payment_voucher" orgId={orgId} />
        </Form.Item>
        <ProblemAlert error={formError} />
      </Form>
    </Modal>
  );
}
