import { MessageOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Card, Empty, Pagination, Rate, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { useSessionStatus } from '@/hooks/use-session';
import { formatDate } from '@/utils/format-date';

import { useComments, type Comment } from '../api/get-comments';

import { CommentForm } from './comment-form';

const pageSize = 10;

function CommentItem({ comment }: { comment: Comment }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="comment">
      <Avatar icon={<UserOutlined />} aria-hidden="true" />
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
        </div>
        <Typography.Paragraph className="comment-body">{comment.body}</Typography.Paragraph>
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

/** 课程评论: the visible comments, newest first, and the form (or a sign-in link). */
export function CourseComments({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const session = useSessionStatus();
  const { pathname, search } = useLocation();
  const [page, setPage] = useState(1);
  const comments = useComments(courseId, page, pageSize);
  const total = comments.data?.total ?? 0;

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
        <ul className="comment-list" aria-label={t('classroom.comments.list')}>
          {comments.data.items.map((comment) => (
            <CommentItem key={comment.id} comment={comment} />
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
