import { App, Button, Form, Input, Rate } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useFormProblem } from '@/hooks/use-form-problem';

import { useCreateComment } from '../api/create-comment';

export const commentMaxLength = 500;
/** Characters as the server counts them (code points: an emoji is one, not two). */
const lengthOf = (text: string) => [...text].length;

type Values = { body?: string; rating?: number | null };
const fields = ['body', 'rating'] as const;

/** 发表评论: up to 500 characters (counted as one types), an optional 1–5 star rating. */
export function CommentForm({ courseId, onPosted }: { courseId: string; onPosted: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateComment(courseId);
  const { formError, report, clear } = useFormProblem(form, fields);

  function submit(values: Values) {
    clear();
    create.mutate(
      { body: (values.body ?? '').trim(), rating: values.rating || null },
      {
        onSuccess: () => {
          form.resetFields();
          void message.success(t('classroom.comments.posted'));
          onPosted();
        },
        onError: report,
      },
    );
  }

  return (
    <Form<Values>
      form={form}
      name="new-comment"
      layout="vertical"
      requiredMark={false}
      onFinish={submit}
      className="comment-form"
    >
      <Form.Item name="rating" label={t('classroom.comments.rating')}>
        <Rate allowClear aria-label={t('classroom.comments.rating')} />
      </Form.Item>
      <Form.Item
        name="body"
        label={t('classroom.comments.body')}
        rules={[
          {
            validator: async (_, value?: string) => {
              if (!value?.trim()) throw new Error(t('classroom.comments.bodyRequired'));
              if (lengthOf(value) > commentMaxLength) {
                throw new Error(t('classroom.comments.bodyTooLong', { max: commentMaxLength }));
              }
            },
          },
        ]}
      >
        <Input.TextArea
          rows={4}
          placeholder={t('classroom.comments.placeholder', { max: commentMaxLength })}
          count={{ show: true, max: commentMaxLength, strategy: lengthOf }}
        />
      </Form.Item>
      <ProblemAlert error={formError} />
      <Button type="primary" htmlType="submit" loading={create.isPending}>
        {t('classroom.comments.submit')}
      </Button>
    </Form>
  );
}
