import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useFormProblem } from '@/hooks/use-form-problem';

import { useAddCouncilRepresentative } from '../api/add-council-representative';
import type { CouncilRepresentative, Membership } from '../api/get-membership';
import { useRemoveCouncilRepresentative } from '../api/remove-council-representative';

type Values = { name: string; position?: string; mobile: string };

/**
 * 理事人选: members at a council level (理事 and above) name the people who represent them.
 * Each add or removal is saved at once; at least one is needed for a complete profile.
 */
export function CouncilRepresentatives({
  orgId,
  membership,
  canManage,
}: {
  orgId: string;
  membership: Membership;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const add = useAddCouncilRepresentative(orgId);
  const remove = useRemoveCouncilRepresentative(orgId);
  const { formError, report, clear } = useFormProblem(form, ['name', 'position', 'mobile']);
  const [removeError, setRemoveError] = useState<unknown>(null);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('membership.council.text', { level: membership.level?.name ?? '' })}
      </Typography.Paragraph>
      <ProblemAlert error={removeError} />
      <Table<CouncilRepresentative>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={membership.council_representatives}
        locale={{ emptyText: t('membership.council.empty') }}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'name', title: t('membership.council.name'), dataIndex: 'name' },
          { key: 'position', title: t('membership.council.position'), dataIndex: 'position' },
          { key: 'mobile', title: t('membership.council.mobile'), dataIndex: 'mobile' },
          ...(canManage
            ? [
                {
                  key: 'remove',
                  title: '',
                  render: (_: unknown, person: CouncilRepresentative) => (
                    <Popconfirm
                      title={t('membership.council.removeTitle', { name: person.name })}
                      okText={t('membership.council.remove')}
                      okButtonProps={{ danger: true }}
                      cancelText={t('membership.cancel')}
                      onConfirm={() =>
                        remove
                          .mutateAsync(person.id)
                          .then(() => setRemoveError(null), setRemoveError)
                      }
                    >
                      <Button
                        type="link"
                        danger
                        size="small"
                        icon={<DeleteOutlined aria-hidden />}
                        aria-label={t('membership.council.removeOf', { name: person.name })}
                      >
                        {t('membership.council.remove')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canManage && (
        <Form<Values>
          form={form}
          name="council-representative"
          layout="vertical"
          onFinish={(values) => {
            clear();
            add.mutate(
              {
                name: values.name.trim(),
                position: values.position?.trim() ?? '',
                mobile: values.mobile.trim(),
              },
              { onSuccess: () => form.resetFields(), onError: report },
            );
          }}
        >
          <Space wrap align="start" className="council-form">
            <Form.Item
              name="name"
              label={t('membership.council.name')}
              rules={[
                { required: true, whitespace: true, message: t('membership.council.nameRequired') },
              ]}
            >
              <Input maxLength={20} />
            </Form.Item>
            <Form.Item name="position" label={t('membership.council.position')}>
              <Input maxLength={30} />
            </Form.Item>
            <Form.Item
              name="mobile"
              label={t('membership.council.mobile')}
              rules={[
                { required: true, message: t('membership.council.mobileRequired') },
                { pattern: /^1\d{10}$/, message: t('membership.register.mobileInvalid') },
              ]}
            >
              <Input type="tel" inputMode="numeric" maxLength={11} />
            </Form.Item>
          </Space>
          <ProblemAlert error={formError} />
          <Button htmlType="submit" icon={<PlusOutlined aria-hidden />} loading={add.isPending}>
            {t('membership.council.add')}
          </Button>
        </Form>
      )}
    </Space>
  );
}
