import {
  EditOutlined,
  EyeInvisibleOutlined,
  EyeOutlined,
  MessageOutlined,
} from '@ant-design/icons';
import {
  App,
  Button,
  Empty,
  Form,
  Input,
  List,
  Popconfirm,
  Rate,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useFormProblem } from '@/hooks/use-form-problem';
import { formatDateTime } from '@/utils/format-date';

import { useCourseComments, type Comment } from '../api/get-course-comments';
import { useReplyToComment } from '../api/reply-to-comment';
import { useSetCommentVisibility } from '../api/set-comment-visibility';

type Ids = { orgId: string; courseId: string };

function ReplyForm({
  orgId,
  courseId,
  comment,
  onDone,
}: Ids & { comment: Comment; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ body: string }>();
  const reply = useReplyToComment(orgId, courseId);
  const { formError, report, clear } = useFormProblem(form, ['body']);

  return (
    <Form<{ body: string }>
      form={form}
      layout="vertical"
      name={`reply-${comment.id}`}
      initialValues={{ body: comment.reply ?? '' }}
      onFinish={({ body }) => {
        clear();
        reply.mutate(
          { commentId: comment.id, body: body.trim() },
          {
            onSuccess: () => {
              void message.success(t('console.comments.replied'));
              onDone();
            },
            onError: report,
          },
        );
      }}
      className="comment-reply-form"
    >
      <Form.Item
        name="body"
        label={t('console.comments.replyLabel')}
        rules={[{ required: true, whitespace: true, message: t('console.comments.replyRequired') }]}
      >
        <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <ProblemAlert error={formError} />
      <Space>
        <Button type="primary" htmlType="submit" size="small" loading={reply.isPending}>
          {t('console.comments.send')}
        </Button>
        <Button size="small" onClick={onDone}>
          {t('console.comments.cancel')}
        </Button>
      </Space>
    </Form>
  );
}

/**
 * A course's comments for its provider (hidden ones too): one reply per comment, editable;
 * hide an abusive comment from the public after a confirmation, or show it again.
 */
export function CourseCommentsManager({ orgId, courseId, canEdit }: Ids & { canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const comments = useCourseComments(orgId, courseId, page);
  const visibility = useSetCommentVisibility(orgId, courseId);
  const [replying, setReplying] = useState<string | null>(null);

  const setHidden = (comment: Comment, hidden: boolean) =>
    visibility
      .mutateAsync({ commentId: comment.id, hidden })
      .then(() =>
        message.success(t(hidden ? 'console.comments.hiddenDone' : 'console.comments.shownDone')),
      )
      .catch(() => undefined);

  return (
    <>
      <ProblemAlert error={visibility.error ?? (comments.isError ? comments.error : null)} />
      <section aria-label={t('console.comments.list')}>
        <List<Comment>
          loading={comments.isPending}
          dataSource={comments.data?.items}
          locale={{ emptyText: <Empty description={t('console.comments.empty')} /> }}
          pagination={
            (comments.data?.total ?? 0) > 20
              ? {
                  current: page,
                  pageSize: 20,
                  total: comments.data?.total ?? 0,
                  onChange: setPage,
                  showSizeChanger: false,
                }
              : false
          }
          renderItem={(comment) => (
            <List.Item className={comment.hidden ? 'comment-hidden' : undefined}>
              <Space orientation="vertical" size={6} style={{ width: '100%' }}>
                <Space wrap size={8}>
                  <Typography.Text strong>{comment.author}</Typography.Text>
                  {comment.rating != null && (
                    <Rate
                      disabled
                      value={comment.rating}
                      style={{ fontSize: 14 }}
                      aria-label={t('console.comments.rating', { rating: comment.rating })}
                    />
                  )}
                  <Typography.Text type="secondary">
                    {formatDateTime(comment.created_at, i18n.language)}
                  </Typography.Text>
                  {comment.hidden && <Tag color="red">{t('console.comments.hidden')}</Tag>}
                </Space>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                  {comment.body}
                </Typography.Paragraph>
                {comment.reply && replying !== comment.id && (
                  <div className="comment-reply">
                    <Typography.Text type="secondary">
                      {t('console.comments.providerReply')}
                    </Typography.Text>
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                      {comment.reply}
                    </Typography.Paragraph>
                  </div>
                )}
                {replying === comment.id ? (
                  <ReplyForm
                    orgId={orgId}
                    courseId={courseId}
                    comment={comment}
                    onDone={() => setReplying(null)}
                  />
                ) : (
                  canEdit && (
                    <Space wrap size={4}>
                      <Button
                        size="small"
                        icon={
                          comment.reply ? (
                            <EditOutlined aria-hidden />
                          ) : (
                            <MessageOutlined aria-hidden />
                          )
                        }
                        onClick={() => setReplying(comment.id)}
                      >
                        {t(comment.reply ? 'console.comments.editReply' : 'console.comments.reply')}
                      </Button>
                      {comment.hidden ? (
                        <Button
                          size="small"
                          icon={<EyeOutlined aria-hidden />}
                          onClick={() => void setHidden(comment, false)}
                        >
                          {t('console.comments.unhide')}
                        </Button>
                      ) : (
                        <Popconfirm
                          title={t('console.comments.hideTitle')}
                          description={t('console.comments.hideText')}
                          okText={t('console.comments.hide')}
                          cancelText={t('console.comments.cancel')}
                          okButtonProps={{ danger: true }}
                          onConfirm={() => setHidden(comment, true)}
                        >
                          <Button size="small" danger icon={<EyeInvisibleOutlined aria-hidden />}>
                            {t('console.comments.hide')}
                          </Button>
                        </Popconfirm>
                      )}
                    </Space>
                  )
                )}
              </Space>
            </List.Item>
          )}
        />
      </section>
    </>
  );
}
