import { DeleteOutlined, EditOutlined, PlusOutlined, UserOutlined } from '@ant-design/icons';
import { App, Avatar, Button, Card, List, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useEnumLabel } from '@/hooks/use-enum-label';
import type { MediaInput } from '@/lib/media-input';
import { mediaUrl } from '@/lib/media-url';

import { useDeleteLecturer } from '../api/delete-lecturer';
import { useLecturers, type Lecturer } from '../api/get-lecturers';
import { LecturerFormModal } from './lecturer-form-modal';

type Props = { orgId: string; canEdit: boolean; MediaInput: MediaInput };

/**
 * 讲师管理: add, edit (as often as needed), delete after a confirmation. A lecturer still on a
 * listed course cannot go: the API's 409 `lecturer_in_use` names the courses, shown here.
 */
export function LecturerList({ orgId, canEdit, MediaInput }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const genderLabel = useEnumLabel('genders');
  const lecturers = useLecturers(orgId);
  const remove = useDeleteLecturer(orgId);
  // `null`: closed; `'new'`: adding; a lecturer: editing that one.
  const [editing, setEditing] = useState<Lecturer | 'new' | null>(null);

  return (
    <Card
      title={t('console.lecturer.list')}
      extra={
        canEdit && (
          <Button
            type="primary"
            icon={<PlusOutlined aria-hidden />}
            onClick={() => setEditing('new')}
          >
            {t('console.lecturer.add')}
          </Button>
        )
      }
    >
      <ProblemAlert error={remove.error ?? (lecturers.isError ? lecturers.error : null)} />
      <section aria-label={t('console.lecturer.list')}>
        <List<Lecturer>
          loading={lecturers.isPending}
          dataSource={lecturers.data}
          locale={{ emptyText: t('console.lecturer.empty') }}
          renderItem={(lecturer) => (
            <List.Item
              actions={
                canEdit
                  ? [
                      <Button
                        key="edit"
                        type="link"
                        size="small"
                        icon={<EditOutlined aria-hidden />}
                        onClick={() => setEditing(lecturer)}
                        aria-label={`${t('console.lecturer.edit')} ${lecturer.name}`}
                      >
                        {t('console.lecturer.edit')}
                      </Button>,
                      <Popconfirm
                        key="delete"
                        title={t('console.lecturer.deleteTitle', { name: lecturer.name })}
                        description={t('console.lecturer.deleteText')}
                        okText={t('console.lecturer.delete')}
                        cancelText={t('console.lecturer.cancel')}
                        okButtonProps={{ danger: true }}
                        onConfirm={() =>
                          remove
                            .mutateAsync(lecturer.id)
                            .then(() => void message.success(t('console.lecturer.deleted')))
                            .catch(() => undefined)
                        }
                      >
                        <Button
                          type="link"
                          danger
                          size="small"
                          icon={<DeleteOutlined aria-hidden />}
                          aria-label={`${t('console.lecturer.delete')} ${lecturer.name}`}
                        >
                          {t('console.lecturer.delete')}
                        </Button>
                      </Popconfirm>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                avatar={
                  <Avatar
                    size={56}
                    src={lecturer.photo ? mediaUrl(lecturer.photo.url) : undefined}
                    icon={<UserOutlined aria-hidden />}
                    alt={lecturer.name}
                  />
                }
                title={
                  <>
                    {lecturer.name}
                    <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                      {genderLabel(lecturer.gender)}
                    </Typography.Text>
                  </>
                }
                description={
                  <Typography.Paragraph
                    type="secondary"
                    ellipsis={{ rows: 2 }}
                    style={{ marginBottom: 0 }}
                  >
                    {lecturer.intro}
                  </Typography.Paragraph>
                }
              />
            </List.Item>
          )}
        />
      </section>
      {editing !== null && (
        <LecturerFormModal
          orgId={orgId}
          lecturer={editing === 'new' ? undefined : editing}
          MediaInput={MediaInput}
          onClose={() => setEditing(null)}
        />
      )}
    </Card>
  );
}
