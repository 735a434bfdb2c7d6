import { App, Button, Card, Form, Input, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { LegalMarkdown } from '@/components/legal-markdown';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormProblem } from '@/hooks/use-form-problem';
import type { LegalDocument, LegalKind } from '@/hooks/use-legal-document';

import { usePublishLegalVersion } from '../api/publish-legal-version';

type Values = { title: string; body: string; change_note?: string };

const fields = ['title', 'body', 'change_note'] as const;

/**
 * 发布新版本 (super admins): title, the Markdown text with a preview as users will see it, and
 * what changed. Publishing asks first, since it sends everyone who agreed to the current
 * version through the re-consent dialog.
 */
export function PublishLegalForm({ kind, current }: { kind: LegalKind; current?: LegalDocument }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const publish = usePublishLegalVersion(kind);
  const { formError, report, clear } = useFormProblem(form, fields);
  // The text's errors show under it: back to 编辑 when it has one (a hidden tab hides them).
  const [tab, setTab] = useState('edit');
  const showBodyErrors = () => {
    if (form.getFieldError('body').length > 0) setTab('edit');
  };

  function confirmPublish(values: Values) {
    clear();
    const title = values.title.trim();
    const note = values.change_note?.trim();
    void modal.confirm({
      title: t('legal.admin.confirmTitle', { title }),
      content: t('legal.admin.confirmText'),
      okText: t('legal.admin.confirmOk'),
      cancelText: t('legal.admin.cancel'),
      onOk: () =>
        publish
          .mutateAsync({ title, body: values.body.trim(), change_note: note || undefined })
          .then(
            (published) => {
              void message.success(t('legal.admin.published', { version: published.version }));
              form.resetFields();
            },
            (error: unknown) => {
              report(error);
              showBodyErrors();
            },
          ),
    });
  }

  const startFromCurrent = () => {
    if (!current) return;
    form.setFieldsValue({ title: current.title, body: current.body });
    void form.validateFields(['title', 'body']);
  };

  return (
    <Card
      title={t('legal.admin.publishTitle')}
      extra={
        <Button size="small" disabled={!current} onClick={startFromCurrent}>
          {t('legal.admin.startFromCurrent')}
        </Button>
      }
    >
      <Form<Values>
        form={form}
        name={`legal-publish-${kind}`}
        layout="vertical"
        onFinish={confirmPublish}
        onFinishFailed={showBodyErrors}
        initialValues={{ title: '', body: '', change_note: '' }}
      >
        <Form.Item
          name="title"
          label={t('legal.admin.fieldTitle')}
          rules={[
            { required: true, whitespace: true, message: t('legal.admin.titleRequired') },
            { max: 50, message: t('legal.admin.titleTooLong') },
          ]}
        >
          <Input showCount maxLength={50} />
        </Form.Item>
        <Tabs
          size="small"
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'edit',
              label: t('legal.admin.edit'),
              children: (
                <Form.Item
                  name="body"
                  label={t('legal.admin.body')}
                  extra={t('legal.admin.bodyHint')}
                  rules={[
                    { required: true, whitespace: true, message: t('legal.admin.bodyRequired') },
                    { max: 60_000, message: t('legal.admin.bodyTooLong') },
                  ]}
                >
                  <Input.TextArea autoSize={{ minRows: 10, maxRows: 28 }} spellCheck={false} />
                </Form.Item>
              ),
            },
            {
              key: 'preview',
              label: t('legal.admin.preview'),
              children: (
                <Form.Item noStyle shouldUpdate={(before, after) => before.body !== after.body}>
                  {({ getFieldValue }) => {
                    const body = String(getFieldValue('body') ?? '').trim();
                    return body ? (
                      <div className="legal-preview">
                        <LegalMarkdown>{body}</LegalMarkdown>
                      </div>
                    ) : (
                      <Typography.Paragraph type="secondary">
                        {t('legal.admin.previewEmpty')}
                      </Typography.Paragraph>
                    );
                  }}
                </Form.Item>
              ),
            },
          ]}
        />
        <Form.Item
          name="change_note"
          label={t('legal.admin.changeNote')}
          extra={t('legal.admin.changeNoteHint')}
          rules={[{ max: 500, message: t('legal.admin.changeNoteTooLong') }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} />
        </Form.Item>
        <ProblemAlert error={formError} />
        <Button type="primary" htmlType="submit" loading={publish.isPending}>
          {t('legal.admin.publish')}
        </Button>
      </Form>
    </Card>
  );
}
