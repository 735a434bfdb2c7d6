import { App, Button, Form, Input, Radio, Select, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useEnums } from '@/hooks/use-enums';
import { useFormProblem } from '@/hooks/use-form-problem';
import { localized } from '@/utils/localized';

import { useClassTypes } from '../api/get-class-types';
import { useCreateClass, type ClassForm } from '../api/create-class';
import type { TrainingClass } from '../api/get-classes';
import { useClassLabels } from '../hooks/use-class-labels';

const fields = ['name', 'class_type_code', 'training_mode', 'platform'] as const;

type Props = {
  orgId: string;
  onCreated: (created: TrainingClass) => void;
  onCancel?: () => void;
};

/**
 * 创建班级: name, type, training mode and platform, worded as the manual does (线上直播 /
 * 线上点播 / 阿里钉钉). Modes and platforms that are not open yet (点播, 腾讯乐享) carry their
 * state once, as a tag; the server refuses them and says why under the field.
 */
export function CreateClassForm({ orgId, onCreated, onCancel }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ClassForm>();
  const create = useCreateClass(orgId);
  const types = useClassTypes();
  const enums = useEnums();
  const labels = useClassLabels();
  const { formError, report, clear } = useFormProblem(form, fields);

  const choices = (kind: 'class_training_modes' | 'class_platforms') =>
    (enums.data?.[kind] ?? []).map((option) => (
      <Radio key={option.value} value={option.value}>
        {kind === 'class_platforms' ? labels.platform(option.value) : labels.mode(option.value)}
        {!option.available && (
          <Tag style={{ marginInlineStart: 6 }}>
            {kind === 'class_platforms'
              ? t('classes.create.notSupported')
              : t('classes.create.notOpen')}
          </Tag>
        )}
      </Radio>
    ));

  function submit(values: ClassForm) {
    clear();
    create.mutate(
      { ...values, name: values.name.trim() },
      {
        onSuccess: (created) => {
          void message.success(
            t('classes.create.done', { name: created.name, code: created.code }),
          );
          onCreated(created);
        },
        onError: report,
      },
    );
  }

  return (
    <Form<ClassForm>
      form={form}
      name="create-class"
      layout="vertical"
      initialValues={{ training_mode: 'live', platform: 'dingtalk' }}
      onFinish={submit}
      onValuesChange={() => clear()}
    >
      <Form.Item
        name="name"
        label={t('classes.fields.name')}
        rules={[
          { required: true, whitespace: true, message: t('classes.create.nameRequired') },
          { max: 50, message: t('classes.create.nameTooLong') },
        ]}
      >
        <Input maxLength={50} showCount />
      </Form.Item>
      <Form.Item
        name="class_type_code"
        label={t('classes.fields.type')}
        rules={[{ required: true, message: t('classes.create.typeRequired') }]}
      >
        <Select
          loading={types.isPending}
          placeholder={t('classes.create.typePlaceholder')}
          options={(types.data ?? []).map((type) => ({
            value: type.code,
            label: localized(type, 'name', i18n.language),
          }))}
        />
      </Form.Item>
      <Form.Item name="training_mode" label={t('classes.fields.mode')} rules={[{ required: true }]}>
        <Radio.Group>{choices('class_training_modes')}</Radio.Group>
      </Form.Item>
      <Form.Item name="platform" label={t('classes.fields.platform')} rules={[{ required: true }]}>
        <Radio.Group>{choices('class_platforms')}</Radio.Group>
      </Form.Item>
      <ProblemAlert error={formError} />
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('classes.create.submit')}
        </Button>
        {onCancel && <Button onClick={onCancel}>{t('classes.cancel')}</Button>}
      </Space>
    </Form>
  );
}
