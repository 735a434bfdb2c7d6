import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useFormProblem } from '@/hooks/use-form-problem';
import { useTableScrollX } from '@/hooks/use-table-scroll-x';
import { fenToYuanText, formatFen, yuanToFen } from '@/utils/format-money';

import { useFees } from '../api/get-fees';
import type { VocabularyEntry } from '../api/get-user-types';
import { useVocabulary, type VocabularyKind } from '../api/get-vocabulary';
import { useSaveVocabularyEntry, type VocabularyForm } from '../api/save-vocabulary-entry';
import { useSetFee } from '../api/set-fee';

type EntryValues = { name: string; council?: boolean; sort_order?: number; disabled?: boolean };

/** One list (user types, levels or tags): add, rename, reorder, mark council, disable. */
function VocabularyEditor({ kind, canEdit }: { kind: VocabularyKind; canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const entries = useVocabulary(kind);
  const save = useSaveVocabularyEntry(kind);
  const [editing, setEditing] = useState<VocabularyEntry | 'new' | null>(null);
  const [form] = Form.useForm<EntryValues>();
  const { formError, report, clear } = useFormProblem(form, [
    'name',
    'council',
    'sort_order',
    'disabled',
  ]);

  const columns: ColumnsType<VocabularyEntry> = [
    {
      key: 'name',
      title: t('membership.settings.name'),
      width: 360,
      render: (_, entry) => (
        <Space wrap size={4}>
          {entry.name}
          {kind === 'level' && entry.council && (
            <Tag color="gold">{t('membership.settings.council')}</Tag>
          )}
          {entry.disabled && <Tag>{t('membership.settings.disabled')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'order',
      title: t('membership.settings.sortOrder'),
      dataIndex: 'sort_order',
      width: 100,
    },
  ];
  if (canEdit) {
    columns.push({
      key: 'edit',
      title: '',
      fixed: 'right',
      width: 100,
      render: (_, entry) => (
        <Button
          size="small"
          icon={<EditOutlined aria-hidden />}
          aria-label={t('membership.settings.editOf', { name: entry.name })}
          onClick={() => setEditing(entry)}
        >
          {t('membership.settings.edit')}
        </Button>
      ),
    });
  }

  const scrollX = useTableScrollX(columns);
  const current = editing === 'new' ? null : editing;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {kind === 'level' && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('membership.settings.councilNote')}
        </Typography.Paragraph>
      )}
      <ProblemAlert error={entries.isError ? entries.error : null} />
      <Table<VocabularyEntry>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={entries.data}
        loading={entries.isPending}
        pagination={false}
        scroll={{ x: scrollX }}
        locale={{ emptyText: t('membership.settings.empty') }}
      />
      {canEdit && (
        <Button icon={<PlusOutlined aria-hidden />} onClick={() => setEditing('new')}>
          {t('membership.settings.add')}
        </Button>
      )}
      <Modal
        open={editing !== null}
        title={t(current ? 'membership.settings.editTitle' : 'membership.settings.addTitle')}
        okText={t('membership.settings.save')}
        cancelText={t('membership.cancel')}
        confirmLoading={save.isPending}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        <Form<EntryValues>
          form={form}
          name={`vocabulary-${kind}`}
          layout="vertical"
          initialValues={
            current
              ? {
                  name: current.name,
                  council: current.council,
                  sort_order: current.sort_order,
                  disabled: current.disabled,
                }
              : { sort_order: (entries.data?.length ?? 0) + 1 }
          }
          onFinish={(values) => {
            clear();
            const body: VocabularyForm = {
              name: values.name.trim(),
              council: kind === 'level' && values.council === true,
              sort_order: values.sort_order ?? 0,
              disabled: values.disabled === true,
            };
            save.mutate(
              { id: current?.id, body },
              {
                onSuccess: () => {
                  void message.success(t('membership.settings.saved'));
                  setEditing(null);
                },
                onError: report,
              },
            );
          }}
        >
          <Form.Item
            name="name"
            label={t('membership.settings.name')}
            rules={[
              { required: true, whitespace: true, message: t('membership.settings.nameRequired') },
            ]}
          >
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item name="sort_order" label={t('membership.settings.sortOrder')}>
            <InputNumber min={0} max={10000} precision={0} />
          </Form.Item>
          {kind === 'level' && (
            <Form.Item name="council" valuePropName="checked">
              <Checkbox>{t('membership.settings.councilLabel')}</Checkbox>
            </Form.Item>
          )}
          <Form.Item
            name="disabled"
            valuePropName="checked"
            extra={t('membership.settings.disabledHint')}
          >
            <Checkbox>{t('membership.settings.disableLabel')}</Checkbox>
          </Form.Item>
          <ProblemAlert error={formError} />
        </Form>
      </Modal>
    </Space>
  );
}

/** 会费标准: the dues of each level for a year, in yuan (fen on the wire). */
function FeeSchedule({ canEdit }: { canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const levels = useVocabulary('level');
  const fees = useFees(year);
  const setFee = useSetFee();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const years = Array.from({ length: 5 }, (_, i) => thisYear + 1 - i);
  const feeOf = (levelId: string) => fees.data?.find((fee) => fee.level_id === levelId);

  const columns: ColumnsType<VocabularyEntry> = [
    { key: 'level', title: t('membership.fields.level'), dataIndex: 'name' },
    {
      key: 'amount',
      title: t('membership.settings.amount', { year }),
      render: (_, level) => {
        const fee = feeOf(level.id);
        if (!canEdit) return fee ? formatFen(fee.amount_fen, i18n.language) : '—';
        const value = drafts[level.id] ?? (fee ? fenToYuanText(fee.amount_fen) : '');
        const fen = yuanToFen(value);
        return (
          <Space wrap size={4}>
            <Input
              aria-label={t('membership.settings.amountOf', { level: level.name, year })}
              prefix="¥"
              inputMode="decimal"
              maxLength={15}
              style={{ width: 160 }}
              value={value}
              status={value && fen === null ? 'error' : undefined}
              // Editable once the year's saved fees are in, so typing never races their
              // arrival and the saved value is what one edits.
              disabled={fees.isPending}
              onChange={(event) => setDrafts({ ...drafts, [level.id]: event.target.value })}
            />
            <Button
              size="small"
              disabled={fees.isPending || !fen || fen === fee?.amount_fen || setFee.isPending}
              aria-label={t('membership.settings.saveFeeOf', { level: level.name, year })}
              onClick={() =>
                setFee.mutate(
                  { level_id: level.id, year, amount_fen: fen! },
                  {
                    onSuccess: () => {
                      setError(null);
                      setDrafts((current) =>
                        Object.fromEntries(
                          Object.entries(current).filter(([id]) => id !== level.id),
                        ),
                      );
                      void message.success(
                        t('membership.settings.feeSaved', {
                          level: level.name,
                          year,
                          amount: formatFen(fen!, i18n.language),
                        }),
                      );
                    },
                    onError: setError,
                  },
                )
              }
            >
              {t('membership.settings.save')}
            </Button>
          </Space>
        );
      },
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text>{t('membership.settings.year')}</Typography.Text>
        <Select
          aria-label={t('membership.settings.year')}
          value={year}
          style={{ width: 120 }}
          options={years.map((y) => ({ value: y, label: String(y) }))}
          onChange={(y) => {
            setYear(y);
            setDrafts({});
          }}
        />
      </Space>
      <ProblemAlert error={error ?? (fees.isError ? fees.error : null)} />
      <Table<VocabularyEntry>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={levels.data?.filter((level) => !level.disabled)}
        loading={levels.isPending || fees.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('membership.settings.empty') }}
      />
    </Space>
  );
}

/**
 * 会员设置 (operators; super admins change it): member levels, user types and tags, and the
 * fee schedule per level and year.
 */
export function MembershipSettings({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  return (
    <Card>
      {!canEdit && (
        <Typography.Paragraph type="secondary">
          {t('membership.settings.superOnly')}
        </Typography.Paragraph>
      )}
      <Tabs
        items={[
          {
            key: 'fees',
            label: t('membership.settings.fees'),
            children: <FeeSchedule canEdit={canEdit} />,
          },
          {
            key: 'level',
            label: t('membership.settings.levels'),
            children: <VocabularyEditor kind="level" canEdit={canEdit} />,
          },
          {
            key: 'user_type',
            label: t('membership.settings.userTypes'),
            children: <VocabularyEditor kind="user_type" canEdit={canEdit} />,
          },
          {
            key: 'tag',
            label: t('membership.settings.tags'),
            children: <VocabularyEditor kind="tag" canEdit={canEdit} />,
          },
        ]}
      />
    </Card>
  );
}
