import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useTableScrollX } from '@/hooks/use-table-scroll-x';
import { useFormProblem } from '@/hooks/use-form-problem';
import { ApiProblem } from '@/lib/api-client';
import { localized } from '@/utils/localized';

import {
  dictionaries,
  useDictionary,
  type Dictionary,
  type DictionaryEntry,
} from '../api/get-dictionary';
import { useSaveDictionaryEntry, type DictionaryForm } from '../api/save-dictionary-entry';

const formFields = ['code', 'name_zh', 'name_en', 'sort_order', 'enabled'] as const;
const labelKey: Record<Dictionary, string> = {
  categories: 'adminConsole.dictionaries.categories',
  'class-types': 'adminConsole.dictionaries.classTypes',
};

const formOf = (entry: DictionaryEntry): DictionaryForm => ({
  code: entry.code,
  name_zh: entry.name_zh,
  name_en: entry.name_en,
  sort_order: entry.sort_order,
  enabled: entry.enabled,
});

/** Adds an entry, or (with `entry`) edits one; the code is fixed after creation. */
function EntryModal({
  dictionary,
  entry,
  nextSortOrder,
  onClose,
}: {
  dictionary: Dictionary;
  entry?: DictionaryEntry;
  nextSortOrder: number;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<DictionaryForm>();
  const save = useSaveDictionaryEntry(dictionary);
  const { formError, report, clear } = useFormProblem(form, formFields);
  const dictionaryName = t(labelKey[dictionary]);

  const submit = (values: DictionaryForm) => {
    clear();
    save.mutate(
      { entryId: entry?.id, form: { ...values, code: entry?.code ?? values.code.trim() } },
      {
        onSuccess: (saved) => {
          void message.success(
            t('adminConsole.dictionaries.saved', { name: localized(saved, 'name', i18n.language) }),
          );
          onClose();
        },
        onError: (error) => {
          // A taken code or Chinese name: said under the code, where it is usually chosen.
          if (error instanceof ApiProblem && error.code === 'already_exists') {
            form.setFields([{ name: 'code', errors: [error.detail ?? error.title] }]);
            return;
          }
          report(error);
        },
      },
    );
  };

  return (
    <Modal
      open
      title={t(`adminConsole.dictionaries.${entry ? 'editTitle' : 'addTitle'}`, {
        dictionary: dictionaryName,
      })}
      okText={t('adminConsole.dictionaries.save')}
      cancelText={t('adminConsole.dictionaries.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ProblemAlert error={formError} />
      <Form<DictionaryForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          entry
            ? formOf(entry)
            : { code: '', name_zh: '', name_en: '', sort_order: nextSortOrder, enabled: true }
        }
      >
        <Form.Item
          name="code"
          label={t('adminConsole.dictionaries.code')}
          extra={t('adminConsole.dictionaries.codeHint')}
          rules={[
            {
              required: true,
              message: t('adminConsole.dictionaries.required', {
                field: t('adminConsole.dictionaries.code'),
              }),
            },
            { pattern: /^[a-z0-9_]{2,40}$/, message: t('adminConsole.dictionaries.codeFormat') },
          ]}
        >
          <Input disabled={!!entry} maxLength={40} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="name_zh"
          label={t('adminConsole.dictionaries.nameZh')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('adminConsole.dictionaries.required', {
                field: t('adminConsole.dictionaries.nameZh'),
              }),
            },
          ]}
        >
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item
          name="name_en"
          label={t('adminConsole.dictionaries.nameEn')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('adminConsole.dictionaries.required', {
                field: t('adminConsole.dictionaries.nameEn'),
              }),
            },
          ]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="sort_order" label={t('adminConsole.dictionaries.sortOrder')}>
            <InputNumber min={0} max={100_000} precision={0} />
          </Form.Item>
          <Form.Item
            name="enabled"
            label={t('adminConsole.dictionaries.enabled')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function DictionaryTable({ dictionary, canEdit }: { dictionary: Dictionary; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const entries = useDictionary(dictionary);
  const save = useSaveDictionaryEntry(dictionary);
  // `null`: a new entry; an entry: its edit; undefined: no dialog.
  const [editing, setEditing] = useState<DictionaryEntry | null | undefined>(undefined);

  const toggle = (entry: DictionaryEntry) =>
    save.mutate(
      { entryId: entry.id, form: { ...formOf(entry), enabled: !entry.enabled } },
      {
        onSuccess: (saved) =>
          void message.success(
            t(`adminConsole.dictionaries.${saved.enabled ? 'enabledEntry' : 'disabledEntry'}`, {
              name: localized(saved, 'name', i18n.language),
            }),
          ),
      },
    );

  const columns: ColumnsType<DictionaryEntry> = [
    { title: t('adminConsole.dictionaries.code'), dataIndex: 'code', width: 170, ellipsis: true },
    {
      title: t('adminConsole.dictionaries.nameZh'),
      dataIndex: 'name_zh',
      width: 180,
      ellipsis: true,
    },
    {
      title: t('adminConsole.dictionaries.nameEn'),
      dataIndex: 'name_en',
      width: 200,
      ellipsis: true,
    },
    {
      title: t('adminConsole.dictionaries.sortOrder'),
      dataIndex: 'sort_order',
      align: 'right',
      width: 70,
    },
    {
      title: t('adminConsole.dictionaries.status'),
      dataIndex: 'enabled',
      width: 80,
      render: (enabled: boolean) => (
        <Tag color={enabled ? 'green' : 'default'}>
          {t(`adminConsole.dictionaries.${enabled ? 'enabled' : 'disabled'}`)}
        </Tag>
      ),
    },
  ];
  if (canEdit) {
    columns.push({
      title: t('adminConsole.actions'),
      key: 'actions',
      fixed: 'right',
      width: 150,
      render: (_, entry) => (
        <Space size={4}>
          <Button
            size="small"
            aria-label={`${t('adminConsole.dictionaries.edit')} ${entry.code}`}
            onClick={() => setEditing(entry)}
          >
            {t('adminConsole.dictionaries.edit')}
          </Button>
          <Button
            size="small"
            danger={entry.enabled}
            aria-label={`${t(`adminConsole.dictionaries.${entry.enabled ? 'disable' : 'enable'}`)} ${entry.code}`}
            loading={save.isPending && save.variables?.entryId === entry.id}
            onClick={() => toggle(entry)}
          >
            {t(`adminConsole.dictionaries.${entry.enabled ? 'disable' : 'enable'}`)}
          </Button>
        </Space>
      ),
    });
  }
  const scrollX = useTableScrollX(columns);
  const nextSortOrder = Math.max(0, ...(entries.data ?? []).map((e) => e.sort_order)) + 10;

  return (
    <>
      {canEdit ? (
        <Button
          type="primary"
          icon={<PlusOutlined aria-hidden />}
          style={{ marginBottom: 16 }}
          onClick={() => setEditing(null)}
        >
          {t('adminConsole.dictionaries.add')}
        </Button>
      ) : null}
      {entries.isError ? <ProblemAlert error={entries.error} /> : null}
      {save.isError ? <ProblemAlert error={save.error} /> : null}
      <Table<DictionaryEntry>
        rowKey="id"
        columns={columns}
        dataSource={entries.data}
        loading={entries.isFetching}
        size="middle"
        scroll={{ x: scrollX }}
        pagination={false}
        locale={{ emptyText: t('adminConsole.dictionaries.empty') }}
      />
      {editing !== undefined ? (
        <EntryModal
          dictionary={dictionary}
          entry={editing ?? undefined}
          nextSortOrder={nextSortOrder}
          onClose={() => setEditing(undefined)}
        />
      ) : null}
    </>
  );
}

type Props = {
  dictionary: Dictionary;
  onDictionaryChange: (dictionary: Dictionary) => void;
  /** Super admins add and change entries; other operators only look. */
  canEdit: boolean;
};

/**
 * 数据字典: course categories and class types. Entries are renamed, reordered, disabled and
 * enabled again, never deleted (what uses them keeps them).
 */
export function DictionaryEditor({ dictionary, onDictionaryChange, canEdit }: Props) {
  const { t } = useTranslation();
  return (
    <Card>
      <Tabs
        activeKey={dictionary}
        onChange={(key) => onDictionaryChange(key as Dictionary)}
        items={dictionaries.map((key) => ({
          key,
          label: t(labelKey[key]),
          children:
            key === dictionary ? <DictionaryTable dictionary={key} canEdit={canEdit} /> : null,
        }))}
      />
    </Card>
  );
}
