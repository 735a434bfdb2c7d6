import { App, Button, Form, Space } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useFormProblem } from '@/hooks/use-form-problem';

import { useCreateOrg } from '../api/create-org';
import type { Org } from '../api/get-my-orgs';
import { normalizeOrgValues, OrgFields, orgFieldNames, type OrgValues } from './org-fields';

type Props = {
  onCreated: (org: Org) => void;
  onCancel?: () => void;
};

/** 创建企业: the caller becomes its owner; wrong codes and taken names show where they belong. */
export function CreateOrgForm({ onCreated, onCancel }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<OrgValues>();
  const create = useCreateOrg();
  const { formError, report, clear } = useFormProblem(form, orgFieldNames);

  function submit(values: OrgValues) {
    clear();
    create.mutate(normalizeOrgValues(values), {
      onSuccess: (org) => {
        void message.success(t('enterprise.created', { name: org.name }));
        onCreated(org);
      },
      onError: report,
    });
  }

  return (
    <Form<OrgValues>
      form={form}
      name="create-org"
      layout="vertical"
      requiredMark={false}
      onFinish={submit}
    >
      <OrgFields />
      <ProblemAlert error={formError} />
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('enterprise.create')}
        </Button>
        {onCancel && <Button onClick={onCancel}>{t('enterprise.cancel')}</Button>}
      </Space>
    </Form>
  );
}
