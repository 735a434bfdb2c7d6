import { App, Button, Form, Space } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useFormProblem } from '@/hooks/use-form-problem';

import { isCertified, type Org } from '../api/get-my-orgs';
import { useUpdateOrg, type OrgChanges } from '../api/update-org';
import { normalizeOrgValues, OrgFields, orgFieldNames, type OrgValues } from './org-fields';

const editableWhenCertified = ['address', 'contact_phone'] as const;

type Props = { org: Org; onDone: () => void };

/**
 * Edits the profile (owner or admin). Sends only what changed; for a certified org never
 * the government's fields, which show as text.
 */
export function EditOrgForm({ org, onDone }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<OrgValues>();
  const update = useUpdateOrg(org.id);
  const certified = isCertified(org);
  const { formError, report, clear } = useFormProblem(
    form,
    certified ? editableWhenCertified : orgFieldNames,
  );

  function submit(values: OrgValues) {
    clear();
    // A certified org's form has no inputs for the government's fields: keep the org's.
    const next = normalizeOrgValues({
      name: values.name ?? org.name,
      uscc: values.uscc ?? org.uscc ?? '',
      legal_representative: values.legal_representative ?? org.legal_representative,
      address: values.address,
      contact_phone: values.contact_phone,
    });
    const editable = certified ? editableWhenCertified : orgFieldNames;
    const changes: OrgChanges = {};
    for (const field of editable) {
      if (next[field] !== (org[field] ?? '')) changes[field] = next[field];
    }
    if (Object.keys(changes).length === 0) {
      onDone();
      return;
    }
    update.mutate(changes, {
      onSuccess: () => {
        void message.success(t('enterprise.saved'));
        onDone();
      },
      onError: report,
    });
  }

  return (
    <Form<OrgValues>
      form={form}
      name="edit-org"
      layout="vertical"
      requiredMark={false}
      initialValues={{
        name: org.name,
        uscc: org.uscc ?? '',
        legal_representative: org.legal_representative,
        address: org.address,
        contact_phone: org.contact_phone,
      }}
      onFinish={submit}
    >
      <OrgFields certified={certified ? org : undefined} />
      <ProblemAlert error={formError} />
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={update.isPending}>
          {t('enterprise.save')}
        </Button>
        <Button onClick={onDone}>{t('enterprise.cancel')}</Button>
      </Space>
    </Form>
  );
}
