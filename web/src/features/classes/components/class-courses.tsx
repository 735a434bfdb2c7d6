import { EditOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Modal,
  Select,
  Skeleton,
  Space,
  Spin,
  Tag,
  theme,
  Typography,
} from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { useFormProblem } from '@/hooks/use-form-problem';
import { ApiProblem } from '@/lib/api-client';

import { useClassCourses, type LinkedCourse } from '../api/get-class-courses';
import { useCourseSearch } from '../api/search-courses';
import { useSetClassCourses } from '../api/set-class-courses';

/** The server's limit on linked courses per class. */
const maxLinked = 20;
const searchDelayMs = 300;
const fields = ['course_ids'] as const;

/** A picked course: its id and what the picker shows for it (`title · provider`). */
type Choice = { value: string; label: string };
type LinkValues = { course_ids?: Choice[] };

/** "跨境电商入门与选品 · 椰风学院"; a course no longer public has no title to show. */
function labelOf(
  title: string | null | undefined,
  provider: string | null | undefined,
  t: TFunction,
) {
  return [title ?? t('classes.courses.unavailable'), provider].filter(Boolean).join(' · ');
}

/** `value`, once it has stopped changing for `delayMs`. */
function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/**
 * The server names a refused course by its position (`course_ids[1]`: `course_not_public`,
 * `duplicate`); the picker is one field, so each message goes under it, naming the course.
 */
function byPosition(error: unknown, chosen: Choice[], t: TFunction): unknown {
  if (!(error instanceof ApiProblem)) return error;
  const errors = error.errors.map((e) => {
    const at = /^course_ids\[(\d+)\]$/.exec(e.field);
    if (!at) return e;
    const position = Number(at[1]);
    return {
      ...e,
      field: 'course_ids',
      message: t('classes.courses.positionError', {
        position: position + 1,
        title: chosen[position]?.label ?? '',
        message: e.message,
      }),
    };
  });
  return new ApiProblem(
    {
      type: error.type,
      title: error.title,
      status: error.status,
      detail: error.detail,
      code: error.code,
      request_id: error.request_id,
      errors,
    },
    error.retryAfterSecs,
  );
}

function LinkCoursesForm({
  orgId,
  classId,
  linked,
  onDone,
  onCancel,
}: {
  orgId: string;
  classId: string;
  linked: LinkedCourse[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<LinkValues>();
  const save = useSetClassCourses(orgId, classId);
  const { formError, report, clear } = useFormProblem(form, fields);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), searchDelayMs);
  const found = useCourseSearch(q);
  const options = (found.data?.items ?? []).map((c) => ({
    value: c.id,
    label: labelOf(c.title, c.provider_name, t),
  }));

  function submit(values: LinkValues) {
    const chosen = values.course_ids ?? [];
    clear();
    save.mutate(
      chosen.map((c) => c.value),
      {
        onSuccess: (saved) => {
          void message.success(t('classes.courses.saved', { count: saved.length }));
          onDone();
        },
        onError: (error) => report(byPosition(error, chosen, t)),
      },
    );
  }

  return (
    <Form<LinkValues>
      form={form}
      name="link-courses"
      layout="vertical"
      initialValues={{
        course_ids: linked.map((c) => ({
          value: c.course_id,
          label: labelOf(c.title, c.provider_name, t),
        })),
      }}
      onFinish={submit}
    >
      <Typography.Paragraph type="secondary">{t('classes.courses.text')}</Typography.Paragraph>
      <Form.Item
        name="course_ids"
        label={t('classes.courses.pick')}
        extra={t('classes.courses.pickHint', { max: maxLinked })}
      >
        <Select<Choice[]>
          mode="multiple"
          labelInValue
          allowClear
          maxCount={maxLinked}
          options={options}
          showSearch={{ filterOption: false, onSearch: setSearch }}
          placeholder={t('classes.courses.searchPlaceholder')}
          notFoundContent={found.isFetching ? <Spin size="small" /> : t('classes.courses.noMatch')}
          onOpenChange={(open) => {
            if (!open) setSearch('');
          }}
        />
      </Form.Item>
      <ProblemAlert error={formError ?? (found.isError ? found.error : null)} />
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('classes.save')}
        </Button>
        <Button onClick={onCancel}>{t('classes.cancel')}</Button>
      </Space>
    </Form>
  );
}

/**
 * 关联点播课程 (SPEC §5.4): cloud-classroom courses whose on-demand time the class's students
 * spend shows beside their live time in the records, never counted towards hours. Owners and
 * admins pick them from the public catalog; staff see the list.
 */
export function ClassCourses({
  orgId,
  classId,
  canManage,
}: {
  orgId: string;
  classId: string;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const courses = useClassCourses(orgId, classId);
  const [editing, setEditing] = useState(false);

  return (
    <Card
      title={t('classes.courses.title')}
      extra={
        canManage &&
        courses.data && (
          <Button icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
            {t('classes.courses.edit')}
          </Button>
        )
      }
    >
      {courses.isPending && <Skeleton active paragraph={{ rows: 2 }} />}
      {courses.isError && (
        <>
          <ProblemAlert error={courses.error} />
          <Button onClick={() => void courses.refetch()}>{t('errors.retry')}</Button>
        </>
      )}
      {courses.data &&
        (courses.data.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={
              <>
                <Typography.Paragraph strong style={{ marginBottom: 4 }}>
                  {t('classes.courses.empty')}
                </Typography.Paragraph>
                <Typography.Text type="secondary">{t('classes.courses.text')}</Typography.Text>
              </>
            }
          />
        ) : (
          <>
            <ul
              aria-label={t('classes.courses.title')}
              style={{ listStyle: 'none', margin: 0, padding: 0 }}
            >
              {courses.data.map((course, index) => (
                <li
                  key={course.course_id}
                  style={{
                    padding: '8px 0',
                    borderTop: index > 0 ? `1px solid ${token.colorSplit}` : undefined,
                    overflowWrap: 'anywhere',
                  }}
                >
                  {course.public ? (
                    <Link to={paths.classroomCourse.href(course.course_id)}>{course.title}</Link>
                  ) : (
                    <Typography.Text type="secondary">
                      {course.title ?? t('classes.courses.unavailable')}
                    </Typography.Text>
                  )}
                  {!course.public && (
                    <Tag style={{ marginInlineStart: 8 }}>{t('classes.courses.unlisted')}</Tag>
                  )}
                  {course.provider_name && (
                    <div>
                      <Typography.Text type="secondary">{course.provider_name}</Typography.Text>
                    </div>
                  )}
                </li>
              ))}
            </ul>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('classes.courses.note')}
            </Typography.Paragraph>
          </>
        ))}
      <Modal
        title={t('classes.courses.editTitle')}
        open={editing}
        footer={null}
        destroyOnHidden
        onCancel={() => setEditing(false)}
        width={640}
      >
        {editing && courses.data && (
          <LinkCoursesForm
            orgId={orgId}
            classId={classId}
            linked={courses.data}
            onDone={() => setEditing(false)}
            onCancel={() => setEditing(false)}
          />
        )}
      </Modal>
    </Card>
  );
}
