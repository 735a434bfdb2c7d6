import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Skeleton,
  Space,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { AuditorNote } from '@/components/auditor-note';
import { FirstLoad, ProblemAlert } from '@/components/problem-alert';
import { useFormProblem } from '@/hooks/use-form-problem';
import { formatDateTime } from '@/utils/format-date';

import { useDecideMembership } from '../api/decide-membership';
import { useAdminMembership } from '../api/get-admin-membership';
import type { Membership } from '../api/get-membership';
import { useVocabulary } from '../api/get-vocabulary';
import { useResetMemberWeChat } from '../api/reset-member-wechat';
import { useUpdateAdminMembership } from '../api/update-admin-membership';
import { StatusTag } from './status-tag';

const profileKeys = [
  'contact_email',
  'contact_wechat_id',
  'operating_status',
  'nature',
  'legal_rep_birth_date',
  'phone',
  'fax',
  'postcode',
  'industry',
  'scale',
  'province',
  'city',
  'address',
  'website',
  'registration_date',
  'business_scope',
  'telecom_licence_no',
  'registered_capital_wan',
  'paid_in_capital_wan',
  'intro',
] as const;

function useLevelOptions() {
  const levels = useVocabulary('level');
  return (levels.data ?? [])
    .filter((level) => !level.disabled)
    .map((level) => ({ value: level.id, label: level.name }));
}

/** 通过 (with the level to give, optional) or 驳回 with the reason the unit reads. */
function Decision({ membership, onDecided }: { membership: Membership; onDecided: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const decide = useDecideMembership(membership.id);
  const levels = useLevelOptions();
  const [open, setOpen] = useState<'approve' | 'reject' | null>(null);
  const [form] = Form.useForm<{ level_id?: string; reason?: string }>();
  const { formError, report, clear } = useFormProblem(form, ['level_id', 'reason']);

  return (
    <>
      <Space wrap className="decision-bar">
        <Button
          type="primary"
          icon={<CheckOutlined aria-hidden />}
          onClick={() => setOpen('approve')}
        >
          {t('membership.admin.approve')}
        </Button>
        <Button danger icon={<CloseOutlined aria-hidden />} onClick={() => setOpen('reject')}>
          {t('membership.admin.reject')}
        </Button>
      </Space>
      <Modal
        open={open !== null}
        title={t(
          open === 'approve' ? 'membership.admin.approveTitle' : 'membership.admin.rejectTitle',
        )}
        okText={t(open === 'approve' ? 'membership.admin.approve' : 'membership.admin.reject')}
        okButtonProps={{ danger: open === 'reject' }}
        cancelText={t('membership.cancel')}
        confirmLoading={decide.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(null)}
        destroyOnHidden
      >
        <Form<{ level_id?: string; reason?: string }>
          form={form}
          name="membership-decision"
          layout="vertical"
          onFinish={(values) => {
            clear();
            decide.mutate(
              open === 'approve'
                ? { decision: 'approve', level_id: values.level_id ?? null }
                : { decision: 'reject', reason: values.reason?.trim() },
              {
                onSuccess: () => {
                  void message.success(
                    t(
                      open === 'approve'
                        ? 'membership.admin.approved'
                        : 'membership.admin.rejected',
                    ),
                  );
                  setOpen(null);
                  onDecided();
                },
                onError: report,
              },
            );
          }}
        >
          {open === 'approve' ? (
            <Form.Item
              name="level_id"
              label={t('membership.fields.level')}
              extra={t('membership.admin.levelHint')}
            >
              <Select allowClear options={levels} placeholder={t('membership.admin.chooseLevel')} />
            </Form.Item>
          ) : (
            <Form.Item
              name="reason"
              label={t('membership.admin.reason')}
              extra={t('membership.admin.reasonHint')}
              rules={[
                { required: true, whitespace: true, message: t('membership.admin.reasonRequired') },
              ]}
            >
              <Input.TextArea maxLength={200} showCount autoSize={{ minRows: 3, maxRows: 6 }} />
            </Form.Item>
          )}
          <ProblemAlert error={formError} />
        </Form>
      </Modal>
    </>
  );
}

type AdminValues = {
  unit_name: string;
  uscc: string;
  contact_mobile?: string;
  level_id?: string;
  tag_ids: string[];
};

/** The fields only admins change: unit name, USCC, contact mobile, level, tags. */
function AdminFields({ membership, readOnly }: { membership: Membership; readOnly: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AdminValues>();
  const update = useUpdateAdminMembership(membership.id);
  const levels = useLevelOptions();
  const tags = useVocabulary('tag');
  const { formError, report, clear } = useFormProblem(form, [
    'unit_name',
    'uscc',
    'contact_mobile',
    'level_id',
    'tag_ids',
  ]);

  return (
    <Form<AdminValues>
      form={form}
      name="membership-admin-fields"
      layout="vertical"
      disabled={readOnly}
      initialValues={{
        unit_name: membership.unit_name,
        uscc: membership.uscc,
        level_id: membership.level?.id,
        tag_ids: membership.tags.map((tag) => tag.id),
      }}
      onFinish={(values) => {
        clear();
        const unitName = values.unit_name.trim();
        const uscc = values.uscc.trim().toUpperCase();
        update.mutate(
          {
            unit_name: unitName !== membership.unit_name ? unitName : undefined,
            uscc: uscc !== membership.uscc ? uscc : undefined,
            contact_mobile: values.contact_mobile?.trim() || undefined,
            level_id: values.level_id ?? undefined,
            tag_ids: values.tag_ids,
          },
          {
            onSuccess: () => {
              form.setFieldValue('contact_mobile', '');
              void message.success(t('membership.admin.saved'));
            },
            onError: report,
          },
        );
      }}
    >
      <Form.Item
        name="unit_name"
        label={t('membership.fields.unitName')}
        rules={[
          { required: true, whitespace: true, message: t('membership.register.unitNameRequired') },
        ]}
      >
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item
        name="uscc"
        label={t('membership.fields.uscc')}
        rules={[{ required: true, len: 18, message: t('membership.register.usccLength') }]}
      >
        <Input maxLength={18} className="uscc" />
      </Form.Item>
      <Form.Item
        name="contact_mobile"
        label={t('membership.fields.contact_mobile')}
        extra={t('membership.admin.contactMobileHint', { mobile: membership.contact_mobile })}
        rules={[{ pattern: /^1\d{10}$/, message: t('membership.register.mobileInvalid') }]}
      >
        <Input type="tel" maxLength={11} />
      </Form.Item>
      <Form.Item name="level_id" label={t('membership.fields.level')}>
        <Select options={levels} placeholder={t('membership.admin.chooseLevel')} />
      </Form.Item>
      <Form.Item name="tag_ids" label={t('membership.fields.tags')}>
        <Select
          mode="multiple"
          options={(tags.data ?? [])
            .filter((tag) => !tag.disabled)
            .map((tag) => ({ value: tag.id, label: tag.name }))}
        />
      </Form.Item>
      <ProblemAlert error={formError} />
      {!readOnly && (
        <Button type="primary" htmlType="submit" loading={update.isPending}>
          {t('membership.admin.save')}
        </Button>
      )}
    </Form>
  );
}

/**
 * One registration for review: the unit, its contact and profile; decide, then manage. An
 * auditor (`readOnly`) sees it all but neither decides nor changes anything.
 */
export function MemberReviewDetail({
  membershipId,
  onDecided,
  readOnly = false,
}: {
  membershipId: string;
  onDecided: () => void;
  readOnly?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const query = useAdminMembership(membershipId);
  const reset = useResetMemberWeChat(membershipId);

  if (query.data === undefined)
    return <FirstLoad query={query} loading={<Skeleton active paragraph={{ rows: 8 }} />} />;
  const membership = query.data;
  const profile = membership.profile as Record<string, string | null | undefined>;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={membership.unit_name}
        extra={<StatusTag kind="membership" status={membership.status} />}
      >
        <Descriptions
          column={{ xs: 1, sm: 1, md: 2 }}
          items={[
            {
              key: 'uscc',
              label: t('membership.fields.uscc'),
              children: <span className="uscc">{membership.uscc}</span>,
            },
            {
              key: 'type',
              label: t('membership.fields.userType'),
              children: membership.user_type.name,
            },
            {
              key: 'legal',
              label: t('membership.fields.legalRepName'),
              children: `${membership.legal_rep_name} ${membership.legal_rep_mobile}`,
            },
            {
              key: 'contact',
              label: t('membership.fields.contactName'),
              children: `${membership.contact_name} ${membership.contact_mobile}`,
            },
            {
              key: 'level',
              label: t('membership.fields.level'),
              children: membership.level?.name ?? '—',
            },
            {
              key: 'tags',
              label: t('membership.fields.tags'),
              children: membership.tags.length
                ? membership.tags.map((tag) => <Tag key={tag.id}>{tag.name}</Tag>)
                : '—',
            },
            {
              key: 'registered',
              label: t('membership.home.registeredAt'),
              children: formatDateTime(membership.registered_at, i18n.language),
            },
            {
              key: 'profile',
              label: t('membership.admin.profileState'),
              children: membership.profile_complete
                ? t('membership.admin.profileComplete')
                : t('membership.admin.profileIncomplete'),
            },
          ]}
        />
        {membership.status === 'pending' ? (
          readOnly ? (
            <AuditorNote />
          ) : (
            <Decision membership={membership} onDecided={onDecided} />
          )
        ) : (
          <Alert
            type={membership.status === 'approved' ? 'success' : 'warning'}
            showIcon
            title={t('membership.admin.decided', {
              status: t(`membership.statuses.membership.${membership.status}`),
            })}
            description={
              membership.reject_reason
                ? t('membership.admin.reasonShown', { reason: membership.reject_reason })
                : undefined
            }
          />
        )}
      </Card>
      {membership.status === 'approved' && (
        <Card title={t('membership.admin.manageTitle')}>
          {readOnly && <AuditorNote style={{ marginBottom: 16 }} />}
          <AdminFields
            key={membership.id + membership.uscc}
            membership={membership}
            readOnly={readOnly}
          />
        </Card>
      )}
      {membership.status === 'approved' && (
        <Card title={t('membership.wechat.title')}>
          <Space wrap>
            <Tag color={membership.wechat_bound ? 'success' : 'default'}>
              {t(membership.wechat_bound ? 'membership.wechat.bound' : 'membership.wechat.unbound')}
            </Tag>
            {membership.wechat_bound && !readOnly && (
              <Popconfirm
                title={t('membership.admin.resetWeChatTitle')}
                description={t('membership.admin.resetWeChatText')}
                okText={t('membership.admin.resetWeChat')}
                okButtonProps={{ danger: true }}
                cancelText={t('membership.cancel')}
                onConfirm={() =>
                  reset
                    .mutateAsync()
                    .then(() => void message.success(t('membership.admin.weChatReset')))
                    .catch(() => undefined)
                }
              >
                <Button danger size="small" loading={reset.isPending}>
                  {t('membership.admin.resetWeChat')}
                </Button>
              </Popconfirm>
            )}
          </Space>
          <ProblemAlert error={reset.isError ? reset.error : null} />
        </Card>
      )}
      <Card title={t('membership.admin.profileTitle')}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          items={profileKeys.map((key) => ({
            key,
            label: t(`membership.fields.${key}`),
            children: profile[key] || '—',
          }))}
        />
        {membership.council_representatives.length > 0 && (
          <Descriptions
            size="small"
            title={t('membership.council.title')}
            column={1}
            items={membership.council_representatives.map((person) => ({
              key: person.id,
              label: person.name,
              children: [person.position, person.mobile].filter(Boolean).join(' · '),
            }))}
          />
        )}
      </Card>
    </Space>
  );
}
