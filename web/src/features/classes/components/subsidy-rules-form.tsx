import { App, Button, Form, InputNumber, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { FirstLoad, ProblemAlert } from '@/components/problem-alert';
import { useFormProblem } from '@/hooks/use-form-problem';
import { formatFen } from '@/utils/format-money';

import { useSubsidyRules } from '../api/get-subsidy-rules';
import { useSetSubsidyRules } from '../api/set-subsidy-rules';
import { formatHours, hoursToMs, msToHours } from '../format';

type Values = { threshold_hours: number; amount_yuan: number };

/**
 * 补贴规则: the effective live hours a student needs to qualify, and the amount per
 * qualified student (entered in yuan, sent in fen). Only super admins change them.
 */
export function SubsidyRulesForm({ canEdit }: { canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const rules = useSubsidyRules();
  const save = useSetSubsidyRules();
  const { formError, report, clear } = useFormProblem(form, []);

  if (rules.data === undefined) return <FirstLoad query={rules} loading={<Skeleton active />} />;
  const current = rules.data;

  return (
    <>
      <Typography.Paragraph>
        {t('subsidy.rules.current', {
          hours: formatHours(current.threshold_ms, i18n.language),
          amount: formatFen(current.amount_per_student_fen, i18n.language),
        })}
      </Typography.Paragraph>
      {canEdit ? (
        <Form<Values>
          form={form}
          name="subsidy-rules"
          layout="vertical"
          initialValues={{
            threshold_hours: msToHours(current.threshold_ms),
            amount_yuan: current.amount_per_student_fen / 100,
          }}
          onFinish={(values) => {
            clear();
            save.mutate(
              {
                threshold_ms: hoursToMs(values.threshold_hours),
                amount_per_student_fen: Math.round(values.amount_yuan * 100),
              },
              {
                onSuccess: () => void message.success(t('subsidy.rules.saved')),
                onError: report,
              },
            );
          }}
        >
          <Space wrap align="start" size={16}>
            <Form.Item
              name="threshold_hours"
              label={t('subsidy.rules.threshold')}
              rules={[{ required: true, message: t('subsidy.rules.thresholdRequired') }]}
            >
              <InputNumber min={0} max={1000} step={0.5} suffix={t('subsidy.rules.hoursUnit')} />
            </Form.Item>
            <Form.Item
              name="amount_yuan"
              label={t('subsidy.rules.amount')}
              rules={[{ required: true, message: t('subsidy.rules.amountRequired') }]}
            >
              <InputNumber min={0} max={1_000_000} step={100} precision={2} prefix="¥" />
            </Form.Item>
          </Space>
          <ProblemAlert error={formError} />
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('subsidy.rules.save')}
          </Button>
        </Form>
      ) : (
        <Typography.Text type="secondary">{t('subsidy.rules.superOnly')}</Typography.Text>
      )}
    </>
  );
}
