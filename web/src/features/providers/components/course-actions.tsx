import { DownOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Space } from 'antd';
import type { MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';

import { paths } from '@/config/paths';

import { useDeleteCourse } from '../api/delete-course';
import { useSubmitCourse } from '../api/submit-course';
import { useSetCourseListed } from '../api/unlist-course';

/** What the actions need to know of a course (a list row or the whole course). */
export type CourseActionTarget = {
  id: string;
  title: string;
  status: string;
  listed: boolean;
  delivery: string;
  /** Whether an approved revision exists (known on the course page; guessed in the list). */
  approvedOnce?: boolean;
};

type Props = {
  orgId: string;
  course: CourseActionTarget;
  /** Owners and admins change courses; staff only look. */
  canEdit: boolean;
  /** The ETag read with the course, sent with a submit. */
  etag?: string;
  /** Where a failed action is reported (the caller shows it). */
  onError: (error: unknown) => void;
  /** After a delete (the course page leaves; the list refreshes by itself). */
  onDeleted?: () => void;
};

/**
 * Per course (SPEC §3.3): 编辑, and under 更多: submit for review, unlist or list again, review
 * history, comments, enrollments and sign-ins (live courses), the sign-in QR code, delete
 * (after a confirmation).
 */
export function CourseActions({ orgId, course, canEdit, etag, onError, onDeleted }: Props) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const submit = useSubmitCourse(orgId);
  const setListed = useSetCourseListed(orgId);
  const remove = useDeleteCourse(orgId);
  const live = course.delivery === 'live';
  const busy = submit.isPending || setListed.isPending || remove.isPending;
  const approvedOnce = course.approvedOnce ?? course.status === 'approved';

  const open = (tab?: string) => void navigate(paths.providerCourse.href(orgId, course.id, tab));

  const items: MenuProps['items'] = [];
  if (canEdit && (course.status === 'draft' || course.status === 'rejected')) {
    items.push({
      key: 'submit',
      label: t('console.course.submit'),
      onClick: () =>
        submit.mutate(
          { courseId: course.id, etag },
          { onSuccess: () => void message.success(t('console.course.submitted')), onError },
        ),
    });
  }
  if (canEdit && course.listed) {
    items.push({
      key: 'unlist',
      label: t('console.course.unlist'),
      onClick: () =>
        setListed.mutate(
          { courseId: course.id, listed: false },
          { onSuccess: () => void message.success(t('console.course.unlisted')), onError },
        ),
    });
  } else if (canEdit && approvedOnce) {
    items.push({
      key: 'relist',
      label: t('console.course.relist'),
      onClick: () =>
        setListed.mutate(
          { courseId: course.id, listed: true },
          { onSuccess: () => void message.success(t('console.course.relisted')), onError },
        ),
    });
  }
  items.push(
    { key: 'history', label: t('console.course.history'), onClick: () => open('history') },
    { key: 'comments', label: t('console.course.comments'), onClick: () => open('comments') },
  );
  if (live) {
    items.push(
      {
        key: 'enrollments',
        label: t('console.course.enrollments'),
        onClick: () => open('enrollments'),
      },
      { key: 'sign-ins', label: t('console.course.signIns'), onClick: () => open('sign-ins') },
      { key: 'qr', label: t('console.course.signInCode'), onClick: () => open('qr') },
    );
  }
  if (canEdit) {
    items.push(
      { type: 'divider' },
      {
        key: 'delete',
        danger: true,
        label: t('console.course.delete'),
        onClick: () =>
          void modal.confirm({
            title: t('console.course.deleteTitle', { title: course.title }),
            content: t('console.course.deleteText'),
            okText: t('console.course.delete'),
            okButtonProps: { danger: true },
            cancelText: t('console.lecturer.cancel'),
            onOk: () =>
              remove.mutateAsync(course.id).then(
                () => {
                  void message.success(t('console.course.deleted'));
                  onDeleted?.();
                },
                (error: unknown) => onError(error),
              ),
          }),
      },
    );
  }

  return (
    <Space size={4} wrap>
      {canEdit && (
        <Link to={paths.providerCourseEdit.href(orgId, course.id)}>
          <Button
            size="small"
            icon={<EditOutlined aria-hidden />}
            aria-label={`${t('console.course.edit')} ${course.title}`}
          >
            {t('console.course.edit')}
          </Button>
        </Link>
      )}
      <Dropdown trigger={['click']} menu={{ items }} disabled={busy}>
        <Button size="small" aria-label={`${t('console.course.more')} ${course.title}`}>
          {t('console.course.more')} <DownOutlined aria-hidden />
        </Button>
      </Dropdown>
    </Space>
  );
}
