import { UserAddOutlined } from '@ant-design/icons';
import { App, Button, Col, Form, Input, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useEnumLabel } from '@/hooks/use-enum-label';
import { useFormProblem } from '@/hooks/use-form-problem';
import { maskPhone } from '@/utils/mask-phone';

import { useAddOrgMember } from '../api/add-org-member';
import type { SubAccountRole } from '../api/get-org-members';

type Values = { phone: string; role: SubAccountRole };

const fields = ['phone', 'role'] as const;
// What the server's `Mobile` accepts; it checks again and answers `mobile_format`.
const mainlandMobile = /^(\+?86)?1\d{10}$/;
export const subAccountRoles: readonly SubAccountRole[] = ['admin', 'staff'];

/** 添加子账号 (owner): by phone, as admin or staff. */
export function AddMemberForm({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const roleLabel = useEnumLabel('org_roles');
  const [form] = Form.useForm<Values>();
  const add = useAddOrgMember(orgId);
  const { formError, report, clear } = useFormProblem(form, fields);

  function submit(values: Values) {
    clear();
    add.mutate(values, {
      onSuccess: (member) => {
        form.resetFields();
        void message.success(t('members.added', { mobile: maskPhone(member.mobile) }));
      },
      onError: report,
    });
  }

  return (
    <Form<Values>
      form={form}
      name="add-member"
      layout="vertical"
      requiredMark={false}
      initialValues={{ role: 'staff' }}
      onFinish={submit}
    >
      <Row gutter={16} align="bottom">
        <Col xs={24} md={10}>
          <Form.Item
            name="phone"
            label={t('members.phone')}
            normalize={(value?: string) => value?.replace(/\s+/g, '')}
            rules={[
              { required: true, message: t('members.phoneRequired') },
              { pattern: mainlandMobile, message: t('members.phoneInvalid') },
            ]}
          >
            <Input type="tel" inputMode="tel" maxLength={20} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="role" label={t('members.role')}>
            <Select
              options={subAccountRoles.map((role) => ({ value: role, label: roleLabel(role) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              icon={<UserAddOutlined aria-hidden />}
              loading={add.isPending}
            >
              {t('members.add')}
            </Button>
          </Form.Item>
        </Col>
      </Row>
      <ProblemAlert error={formError} />
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('members.addHint')}
      </Typography.Paragraph>
    </Form>
  );
}
