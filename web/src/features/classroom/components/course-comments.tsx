import {
  EyeInvisibleOutlined,
  EyeOutlined,
  MessageOutlined,
  UserOutlined,
} from '@ant-design/icons';
import {
  App,
  Avatar,
  Button,
  Card,
  Empty,
  Pagination,
  Popconfirm,
  Rate,
  Skeleton,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { useMe } from '@/hooks/use-me';
import { useSessionStatus } from '@/hooks/use-session';
import { formatDate } from '@/utils/format-date';

import { useComments, type Comment } from '../api/get-comments';
import { useSetCommentVisibility } from '../api/set-comment-visibility';

import { CommentForm } from './comment-form';

const pageSize = 10;

/** Platform operators who may hide a comment (the API's `Reviewer`: not auditors). */
const moderatorRoles = ['super', 'reviewer'];

/** Hide (after a confirmation) or show again: what a moderator sees on each comment. */
type Moderation = { setHidden: (comment: Comment, hidden: boolean) => Promise<unknown> };

function ModerationActions({ comment, moderation }: { comment: Comment; moderation: Moderation }) {
  const { t } = useTranslation();
  if (comment.hidden) {
    return (
      <Button
        size="small"
        icon={<EyeOutlined aria-hidden />}
        onClick={() => void moderation.setHidden(comment, false)}
      >
        {t('classroom.comments.unhide')}
      </Button>
    );
  }
  return (
    <Popconfirm
      title={t('classroom.comments.hideTitle')}
      description={t('classroom.comments.hideText')}
      okText={t('classroom.comments.hide')}
      cancelText={t('classroom.comments.cancel')}
      okButtonProps={{ danger: true }}
      onConfirm={() => moderation.setHidden(comment, true)}
    >
      <Button
        size="small"
        danger
        icon={<EyeInvisibleOutlined aria-hidden />}
        aria-label={t('classroom.comments.hideOf', { author: comment.author })}
      >
        {t('classroom.comments.hide')}
      </Button>
    </Popconfirm>
  );
}

function CommentItem({ comment, moderation }: { comment: Comment; moderation?: Moderation }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="comment">
      <Avatar icon={<UserOutlined aria-hidden />} aria-hidden="true" />
      <div className="comment-main">
        <div className="comment-head">
          <Typography.Text strong>{comment.author}</Typography.Text>
          {comment.rating ? (
            <>
              <span aria-hidden="true">
                <Rate disabled value={comment.rating} className="comment-stars" />
              </span>
              <span className="sr-only">
                {t('classroom.comments.rated', { rating: comment.rating })}
              </span>
            </>
          ) : null}
          <Typography.Text type="secondary" className="comment-date">
            {formatDate(comment.created_at, i18n.language)}
          </Typography.Text>
          {comment.hidden && <Tag color="red">{t('classroom.comments.hidden')}</Tag>}
          {moderation && <ModerationActions comment={comment} moderation={moderation} />}
        </div>
        <Typography.Paragraph
          className={comment.hidden ? 'comment-body comment-hidden' : 'comment-body'}
        >
          {comment.body}
        </Typography.Paragraph>
        {comment.hidden && (
          <Typography.Text type="secondary">{t('classroom.comments.hiddenNote')}</Typography.Text>
        )}
        {comment.reply && (
          <div className="comment-reply">
            <Typography.Text strong>{t('classroom.comments.reply')}</Typography.Text>
            <Typography.Paragraph className="comment-body">{comment.reply}</Typography.Paragraph>
          </div>
        )}
      </div>
    </li>
  );
}

/**
 * 课程评论: the visible comments, newest first, and the form (or a sign-in link). Platform
 * reviewers also get a way to hide an abusive comment (SPEC §3.5), and to undo it.
 */
export function CourseComments({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSessionStatus();
  const { pathname, search } = useLocation();
  const [page, setPage] = useState(1);
  const comments = useComments(courseId, page, pageSize);
  const total = comments.data?.total ?? 0;
  const me = useMe();
  const visibility = useSetCommentVisibility(courseId);
  const moderation: Moderation | undefined =
    session === 'signed-in' && moderatorRoles.includes(me.data?.admin_role ?? '')
      ? {
          setHidden: (comment, hidden) =>
            visibility
              .mutateAsync({ commentId: comment.id, hidden })
              .then(() =>
                message.success(
                  t(hidden ? 'classroom.comments.hiddenDone' : 'classroom.comments.shownDone'),
                ),
              )
              // Shown above the list; the confirmation closes either way.
              .catch(() => undefined),
        }
      : undefined;

  let list;
  if (comments.isPending) list = <Skeleton active avatar paragraph={{ rows: 2 }} />;
  else if (comments.isError) {
    list = (
      <>
        <ProblemAlert error={comments.error} />
        <Button onClick={() => void comments.refetch()}>{t('errors.retry')}</Button>
      </>
    );
  } else if (comments.data.items.length === 0 && page === 1) {
    list = <Empty description={t('classroom.comments.empty')} />;
  } else {
    list = (
      <>
        {moderation && <ProblemAlert error={visibility.error} />}
        <ul className="comment-list" aria-label={t('classroom.comments.list')}>
          {comments.data.items.map((comment) => (
            <CommentItem key={comment.id} comment={comment} moderation={moderation} />
          ))}
        </ul>
        {total > pageSize && (
          <Pagination
            className="comment-pagination"
            current={page}
            pageSize={pageSize}
            total={total}
            showSizeChanger={false}
            onChange={setPage}
            showLessItems
            responsive
          />
        )}
      </>
    );
  }

  return (
    <Card
      title={
        <span>
          <MessageOutlined aria-hidden="true" /> {t('classroom.comments.title')}
          {total > 0 && (
            <Typography.Text type="secondary" className="comment-total">
              {t('classroom.comments.total', { total })}
            </Typography.Text>
          )}
        </span>
      }
      className="course-section"
    >
      {session === 'signed-in' ? (
        <CommentForm courseId={courseId} onPosted={() => setPage(1)} />
      ) : session === 'signed-out' ? (
        <Typography.Paragraph>
          <Link to={paths.login.href(pathname + search)}>
            <Button>{t('classroom.comments.loginToComment')}</Button>
          </Link>
        </Typography.Paragraph>
      ) : null}
      {list}
    </Card>
  );
}
