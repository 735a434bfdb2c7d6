import { App, Button, Form, Input, Radio, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useEnumOptions } from '@/hooks/use-enums';
import { useFormProblem } from '@/hooks/use-form-problem';

import { useCreateStudent, type StudentForm as StudentValues } from '../api/create-student';
import { useUpdateStudent } from '../api/update-student';

const fields = ['name', 'gender', 'resident_id', 'mobile', 'education'] as const;

type Props = {
  orgId: string;
  classId: string;
  /** Editing: the student's id and full values (from the single-record view). */
  editing?: { id: string; values: StudentValues };
  onDone: () => void;
  onCancel: () => void;
};

/**
 * 添加学员 / 编辑: the server checks the resident ID (check digit, birth date, gender), the
 * mainland mobile and the education level, and its messages show under each field.
 */
export function StudentFormView({ orgId, classId, editing, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<StudentValues>();
  const create = useCreateStudent(orgId, classId);
  const update = useUpdateStudent(orgId, classId);
  const genders = useEnumOptions('genders');
  const educations = useEnumOptions('education_levels');
  const { formError, report, clear } = useFormProblem(form, fields);
  const pending = create.isPending || update.isPending;

  function submit(values: StudentValues) {
    clear();
    const body = {
      ...values,
      name: values.name.trim(),
      resident_id: values.resident_id.trim().toUpperCase(),
      mobile: values.mobile.trim(),
    };
    const options = {
      onSuccess: () => {
        void message.success(
          editing
            ? t('classes.students.updated', { name: body.name })
            : t('classes.students.added', { name: body.name }),
        );
        onDone();
      },
      onError: report,
    };
    if (editing) update.mutate({ studentId: editing.id, body }, options);
    else create.mutate(body, options);
  }

  return (
    <Form<StudentValues>
      form={form}
      name="student"
      layout="vertical"
      initialValues={editing?.values}
      onFinish={submit}
    >
      <Form.Item
        name="name"
        label={t('classes.students.name')}
        rules={[{ required: true, whitespace: true, message: t('classes.students.nameRequired') }]}
      >
        <Input maxLength={30} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="gender"
        label={t('classes.students.gender')}
        rules={[{ required: true, message: t('classes.students.genderRequired') }]}
      >
        <Radio.Group options={genders} />
      </Form.Item>
      <Form.Item
        name="resident_id"
        label={t('classes.students.residentId')}
        rules={[
          { required: true, whitespace: true, message: t('classes.students.residentIdRequired') },
        ]}
      >
        <Input maxLength={18} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="mobile"
        label={t('classes.students.mobile')}
        rules={[
          { required: true, whitespace: true, message: t('classes.students.mobileRequired') },
        ]}
      >
        <Input maxLength={11} inputMode="tel" autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="education"
        label={t('classes.students.education')}
        rules={[{ required: true, message: t('classes.students.educationRequired') }]}
      >
        <Select options={educations} placeholder={t('classes.students.educationPlaceholder')} />
      </Form.Item>
      <ProblemAlert error={formError} />
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={pending}>
          {editing ? t('classes.save') : t('classes.students.add')}
        </Button>
        <Button onClick={onCancel}>{t('classes.cancel')}</Button>
      </Space>
    </Form>
  );
}
