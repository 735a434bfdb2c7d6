import {
  App,
  Alert,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useCategories } from '@/hooks/use-categories';
import { useEnumOptions } from '@/hooks/use-enums';
import { useFormProblem } from '@/hooks/use-form-problem';
import { ApiProblem } from '@/lib/api-client';
import type { MediaInput } from '@/lib/media-input';
import { localized } from '@/utils/localized';

import { useCreateCourse, type CourseForm } from '../api/create-course';
import { useLecturers } from '../api/get-lecturers';
import type { Course, VersionedCourse } from '../api/get-own-course';
import { useSubmitCourse } from '../api/submit-course';
import { useUpdateCourse } from '../api/update-course';
import { fromLocalInput, toLocalInput } from '../local-time';
import { StatusTag } from './status-tag';

type Delivery = CourseForm['delivery'];
type TrainingMode = NonNullable<CourseForm['training_mode']>;

type CourseValues = {
  title: string;
  delivery: Delivery;
  cover_media_id?: string | null;
  video_media_id?: string | null;
  intro?: string;
  intro_image_media_id?: string | null;
  external_url?: string;
  training_mode?: TrainingMode | null;
  category_code?: string | null;
  lecturer_ids?: string[];
  live_starts_at?: string;
  live_ends_at?: string;
  capacity?: number | null;
};

const fieldNames = [
  'title',
  'delivery',
  'cover_media_id',
  'video_media_id',
  'intro',
  'intro_image_media_id',
  'external_url',
  'training_mode',
  'category_code',
  'lecturer_ids',
  'live_starts_at',
  'live_ends_at',
  'capacity',
] as const;

const deliveries: Delivery[] = ['video', 'external', 'live'];

function initialValues(course: Course | undefined): CourseValues {
  const revision = course?.revision;
  return {
    title: revision?.title ?? '',
    delivery: (revision?.delivery as Delivery | undefined) ?? 'video',
    cover_media_id: revision?.cover?.media_id ?? null,
    video_media_id: revision?.video_media_id ?? null,
    intro: revision?.intro ?? '',
    intro_image_media_id: revision?.intro_image?.media_id ?? null,
    external_url: revision?.external_url ?? '',
    training_mode: (revision?.training_mode as TrainingMode | null | undefined) ?? null,
    category_code: revision?.category_code ?? null,
    lecturer_ids: revision?.lecturers.map((lecturer) => lecturer.id) ?? [],
    live_starts_at: toLocalInput(revision?.live_starts_at),
    live_ends_at: toLocalInput(revision?.live_ends_at),
    capacity: revision?.capacity ?? null,
  };
}

function toForm(values: CourseValues): CourseForm {
  const delivery = values.delivery;
  const live = delivery === 'live';
  const externalUrl = values.external_url?.trim();
  return {
    title: values.title.trim(),
    delivery,
    cover_media_id: values.cover_media_id ?? null,
    video_media_id: delivery === 'video' ? (values.video_media_id ?? null) : null,
    intro: (values.intro ?? '').trim(),
    intro_image_media_id: values.intro_image_media_id ?? null,
    external_url: delivery !== 'video' && externalUrl ? externalUrl : null,
    training_mode: values.training_mode ?? null,
    category_code: values.category_code ?? null,
    lecturer_ids: values.lecturer_ids ?? [],
    live_starts_at: live ? fromLocalInput(values.live_starts_at) : null,
    live_ends_at: live ? fromLocalInput(values.live_ends_at) : null,
    capacity: live ? (values.capacity ?? null) : null,
  };
}

type Props = {
  orgId: string;
  /** The course as read, with its ETag; none for a new course. */
  course?: VersionedCourse;
  MediaInput: MediaInput;
  /** After a save (the course as it is now). */
  onSaved: (course: Course) => void;
  onCancel: () => void;
  /** Read the course again after a 412 (the page then shows the new version). */
  onReload: () => void;
};

/**
 * 新增 / 编辑云课堂课程 with every field of SPEC §3.3. A new course is saved as a draft and,
 * with 保存并提交审核, submitted; a pending or approved course is simply saved (the API keeps
 * or puts it in review). Writes carry `If-Match`: a 412 means someone else changed the course,
 * and the page offers to reload it.
 */
export function CourseEditor({ orgId, course, MediaInput, onSaved, onCancel, onReload }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CourseValues>();
  const delivery = Form.useWatch('delivery', form) ?? initialValues(course?.course).delivery;
  const modes = useEnumOptions('course_training_modes');
  const categories = useCategories();
  const lecturers = useLecturers(orgId);
  // The course once saved here (a new course exists after its first save).
  const [saved, setSaved] = useState<VersionedCourse | undefined>(course);
  const [stale, setStale] = useState(false);
  // Saved, but the submit found gaps: the course is a draft until they are filled.
  const [savedIncomplete, setSavedIncomplete] = useState(false);
  const create = useCreateCourse(orgId);
  const update = useUpdateCourse(orgId, saved?.course.id ?? '');
  const submitCourse = useSubmitCourse(orgId);
  const { formError, report, clear } = useFormProblem(form, fieldNames);
  const busy = create.isPending || update.isPending || submitCourse.isPending;
  const status = saved?.course.status;
  // A draft or rejected course needs a submit; a pending or approved one is reviewed on save.
  const needsSubmit = !status || status === 'draft' || status === 'rejected';

  const fail = (error: unknown) => {
    if (error instanceof ApiProblem && error.status === 412) setStale(true);
    else report(error);
  };

  async function save(values: CourseValues, andSubmit: boolean) {
    clear();
    setSavedIncomplete(false);
    const body = toForm(values);
    try {
      const written = saved
        ? await update.mutateAsync({ body, etag: saved.etag })
        : await create.mutateAsync(body);
      setSaved(written);
      let result = written.course;
      if (
        andSubmit &&
        (written.course.status === 'draft' || written.course.status === 'rejected')
      ) {
        try {
          result = await submitCourse.mutateAsync({
            courseId: written.course.id,
            etag: written.etag,
          });
        } catch (error) {
          // 422: fields the review needs are missing. The course is saved all the same, as a
          // draft: say so plainly, with each gap under its field.
          if (error instanceof ApiProblem && error.status === 422) {
            setSavedIncomplete(true);
            void message.warning(t('console.editor.savedIncomplete'));
          }
          throw error;
        }
        void message.success(t('console.editor.savedSubmitted'));
      } else if (written.course.status === 'pending') {
        void message.success(t('console.editor.savedPending'));
      } else {
        void message.success(t('console.editor.savedDraft'));
      }
      onSaved(result);
    } catch (error) {
      fail(error);
    }
  }

  // A lecturer deleted since still shows by name (the API refuses it on submit).
  const lecturerOptions = [
    ...(lecturers.data ?? []).map((l) => ({ value: l.id, label: l.name })),
    ...(course?.course.revision.lecturers ?? [])
      .filter((l) => !lecturers.data?.some((own) => own.id === l.id))
      .map((l) => ({ value: l.id, label: l.name })),
  ];

  return (
    <Card
      title={t(course ? 'console.editor.editTitle' : 'console.editor.newTitle')}
      extra={
        status && (
          <Space size={4}>
            {t('console.editor.statusNote')}
            <StatusTag status={status} />
          </Space>
        )
      }
    >
      {stale && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('console.editor.stale')}
          description={t('console.editor.staleText')}
          action={
            <Button size="small" type="primary" onClick={onReload}>
              {t('console.editor.reload')}
            </Button>
          }
          style={{ marginBottom: 16 }}
        />
      )}
      {status === 'approved' && (
        <Alert
          type="info"
          showIcon
          title={t('console.course.liveUpdate')}
          style={{ marginBottom: 16 }}
        />
      )}
      <Typography.Paragraph type="secondary">
        {t('console.editor.requiredNote')}
      </Typography.Paragraph>
      <Form<CourseValues>
        form={form}
        name="course"
        layout="vertical"
        initialValues={initialValues(course?.course)}
        onFinish={(values) => void save(values, needsSubmit)}
        // A server error under a field goes once that field changes (the text and the long
        // image answer the same 课程内容介绍 requirement).
        onValuesChange={(changed: Partial<CourseValues>) => {
          const names = Object.keys(changed) as (keyof CourseValues)[];
          if (names.includes('intro_image_media_id')) names.push('intro');
          form.setFields(
            names
              .filter((name) => form.getFieldError(name).length > 0)
              .map((name) => ({ name, errors: [] })),
          );
        }}
        className="course-editor"
        // A half-typed date and time would stop the submit with the browser's own bubble.
        noValidate
      >
        <Form.Item
          name="title"
          label={t('console.editor.title')}
          rules={[{ required: true, whitespace: true, message: t('console.editor.titleRequired') }]}
        >
          <Input maxLength={30} showCount />
        </Form.Item>
        <Form.Item
          name="delivery"
          label={t('console.editor.delivery')}
          rules={[{ required: true }]}
        >
          <Radio.Group
            options={deliveries.map((value) => ({
              value,
              label: t(`classroom.delivery.${value}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="cover_media_id" label={t('console.editor.cover')} required>
          <MediaInput purpose="course_cover" orgId={orgId} />
        </Form.Item>
        {delivery === 'video' && (
          <Form.Item name="video_media_id" label={t('console.editor.video')} required>
            <MediaInput purpose="course_video" orgId={orgId} />
          </Form.Item>
        )}
        <Form.Item
          name="intro"
          label={t('console.editor.intro')}
          extra={t('console.editor.introHint')}
          required
        >
          <Input.TextArea maxLength={300} showCount autoSize={{ minRows: 4, maxRows: 10 }} />
        </Form.Item>
        <Form.Item name="intro_image_media_id" label={t('console.editor.introImage')}>
          <MediaInput purpose="long_image" orgId={orgId} />
        </Form.Item>
        {delivery !== 'video' && (
          <Form.Item
            name="external_url"
            label={t('console.editor.externalUrl')}
            extra={t('console.editor.externalUrlHint')}
            // Required for an external course; a live course may add one.
            required={delivery === 'external'}
            rules={[
              { type: 'url', message: t('console.editor.externalUrlInvalid') },
              { pattern: /^https?:\/\//, message: t('console.editor.externalUrlInvalid') },
            ]}
          >
            <Input inputMode="url" placeholder="https://" />
          </Form.Item>
        )}
        <Form.Item name="training_mode" label={t('console.editor.trainingMode')} required>
          <Radio.Group options={modes} />
        </Form.Item>
        <Form.Item name="category_code" label={t('console.editor.category')} required>
          <Select
            allowClear
            loading={categories.isPending}
            placeholder={t('console.editor.categoryPlaceholder')}
            options={(categories.data?.items ?? []).map((category) => ({
              value: category.code,
              label: localized(category, 'name', i18n.language),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="lecturer_ids"
          label={t('console.editor.lecturers')}
          required
          extra={lecturers.data?.length === 0 ? t('console.editor.noLecturers') : undefined}
        >
          <Select
            mode="multiple"
            allowClear
            loading={lecturers.isPending}
            placeholder={t('console.editor.lecturersPlaceholder')}
            options={lecturerOptions}
            optionFilterProp="label"
          />
        </Form.Item>
        {delivery === 'live' && (
          <div className="course-live-fields">
            <Form.Item name="live_starts_at" label={t('console.editor.liveStartsAt')} required>
              <Input type="datetime-local" />
            </Form.Item>
            <Form.Item name="live_ends_at" label={t('console.editor.liveEndsAt')} required>
              <Input type="datetime-local" />
            </Form.Item>
            <Form.Item name="capacity" label={t('console.editor.capacity')} required>
              <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </div>
        )}
        {savedIncomplete && (
          <Alert
            type="warning"
            showIcon
            role="alert"
            title={t('console.editor.savedIncomplete')}
            description={t('console.editor.savedIncompleteText')}
            style={{ marginBottom: 16 }}
          />
        )}
        <ProblemAlert error={formError} />
        <Space wrap>
          {needsSubmit ? (
            <>
              <Button type="primary" htmlType="submit" loading={busy} disabled={stale}>
                {t('console.editor.saveAndSubmit')}
              </Button>
              <Button
                disabled={busy || stale}
                onClick={() =>
                  void form
                    .validateFields()
                    .then((values) => save(values, false))
                    .catch(() => undefined)
                }
              >
                {t('console.editor.saveDraft')}
              </Button>
            </>
          ) : (
            <Button type="primary" htmlType="submit" loading={busy} disabled={stale}>
              {t('console.editor.save')}
            </Button>
          )}
          <Button onClick={onCancel}>{t('console.editor.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
