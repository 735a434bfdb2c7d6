import { App, Form, Input, Modal, Radio } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useEnumOptions } from '@/hooks/use-enums';
import { useFormProblem } from '@/hooks/use-form-problem';
import type { MediaInput } from '@/lib/media-input';

import { useCreateLecturer, type LecturerForm } from '../api/create-lecturer';
import type { Lecturer } from '../api/get-lecturers';
import { useUpdateLecturer } from '../api/update-lecturer';

const fieldNames = ['name', 'gender', 'intro', 'photo_media_id'] as const;

type Props = {
  orgId: string;
  /** The lecturer to edit; none to add one. */
  lecturer?: Lecturer;
  MediaInput: MediaInput;
  onClose: () => void;
};

/** 新增讲师 / 编辑讲师 (SPEC §3.2): name ≤20, gender, intro ≤300, an optional photo. */
export function LecturerFormModal({ orgId, lecturer, MediaInput, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<LecturerForm>();
  const genders = useEnumOptions('genders');
  const create = useCreateLecturer(orgId);
  const update = useUpdateLecturer(orgId);
  const { formError, report, clear } = useFormProblem(form, fieldNames);

  function submit(values: LecturerForm) {
    clear();
    const body: LecturerForm = {
      name: values.name.trim(),
      gender: values.gender,
      intro: (values.intro ?? '').trim(),
      photo_media_id: values.photo_media_id ?? null,
    };
    const options = {
      onSuccess: () => {
        void message.success(t('console.lecturer.saved'));
        onClose();
      },
      onError: report,
    };
    if (lecturer) update.mutate({ lecturerId: lecturer.id, body }, options);
    else create.mutate(body, options);
  }

  return (
    <Modal
      open
      title={t(lecturer ? 'console.lecturer.editTitle' : 'console.lecturer.addTitle')}
      okText={t('console.lecturer.ok')}
      cancelText={t('console.lecturer.cancel')}
      confirmLoading={create.isPending || update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<LecturerForm>
        form={form}
        name="lecturer"
        layout="vertical"
        initialValues={{
          name: lecturer?.name ?? '',
          gender: (lecturer?.gender as LecturerForm['gender'] | undefined) ?? undefined,
          intro: lecturer?.intro ?? '',
          photo_media_id: lecturer?.photo?.media_id ?? null,
        }}
        onFinish={submit}
      >
        <Form.Item
          name="name"
          label={t('console.lecturer.name')}
          rules={[
            { required: true, whitespace: true, message: t('console.lecturer.nameRequired') },
          ]}
        >
          <Input maxLength={20} showCount />
        </Form.Item>
        <Form.Item
          name="gender"
          label={t('console.lecturer.gender')}
          rules={[{ required: true, message: t('console.lecturer.genderRequired') }]}
        >
          <Radio.Group options={genders} />
        </Form.Item>
        <Form.Item name="intro" label={t('console.lecturer.intro')}>
          <Input.TextArea maxLength={300} showCount autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
        <Form.Item
          name="photo_media_id"
          label={`${t('console.lecturer.photo')}${t('console.lecturer.optional')}`}
        >
          <MediaInput purpose="lecturer_photo" orgId={orgId} />
        </Form.Item>
        <ProblemAlert error={formError} />
      </Form>
    </Modal>
  );
}
