import { DownloadOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Row,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { useTableScrollX } from '@/hooks/use-table-scroll-x';
import { formatDateTime } from '@/utils/format-date';

import {
  useAuditLog,
  type AuditFilter,
  type AuditLogFilter,
  type AuditRecord,
} from '../api/get-audit-log';
import { useExportAuditLog } from '../api/export-audit-log';

type FormValues = {
  actor_id?: string;
  action?: string;
  object_type?: string;
  object_id?: string;
  org_id?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
};

const textFields = ['action', 'object_type', 'object_id', 'actor_id', 'org_id'] as const;

/** The filters without paging: what the list and the export share. */
function filtersOf(filter: AuditLogFilter): AuditFilter {
  const filters: AuditFilter = {};
  for (const field of [...textFields, 'from', 'to'] as const) {
    if (filter[field]) filters[field] = filter[field];
  }
  return filters;
}

/**
 * The details for the expanded row: pretty JSON, the raw text when it is not JSON, nothing when
 * there is nothing to show (`{}`, `[]`, `null` or blank).
 */
function detailsText(details: string): string | null {
  if (!details.trim()) return null;
  try {
    const value: unknown = JSON.parse(details);
    if (value === null || value === '') return null;
    if (typeof value === 'object' && Object.keys(value).length === 0) return null;
    return JSON.stringify(value, null, 2);
  } catch {
    return details;
  }
}

/** Whether an entry has anything to show in its expanded row. */
const hasMore = (row: AuditRecord) => Boolean(row.request_id) || detailsText(row.details) !== null;

/** An id as a few characters: the end of a UUIDv7 (its start is a timestamp, shared by neighbours). */
const shortId = (id: string) => (id.length > 8 ? `…${id.slice(-8)}` : id);

const expandColumnWidth = 48;

type Props = { filter: AuditLogFilter; onFilterChange: (next: AuditLogFilter) => void };

/**
 * 审计日志: who did what to which object, when and from where, filtered (an action may be a
 * prefix ending in a dot, `course.`), each entry's details expandable; exported as xlsx
 * with the same filters.
 */
export function AuditLog({ filter, onFilterChange }: Props) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const log = useAuditLog(filter);
  const exporter = useExportAuditLog();

  const submit = (values: FormValues) => {
    const next: AuditLogFilter = { page: 1, page_size: filter.page_size };
    for (const field of textFields) {
      const value = values[field]?.trim();
      if (value) next[field] = value;
    }
    const [from, to] = values.range ?? [];
    if (from) next.from = from.toISOString();
    if (to) next.to = to.toISOString();
    onFilterChange(next);
  };
  const reset = () => {
    form.resetFields();
    form.setFieldsValue({
      ...Object.fromEntries(textFields.map((f) => [f, undefined])),
      range: null,
    });
    onFilterChange({ page: 1, page_size: filter.page_size });
  };

  const none = t('adminConsole.none');
  const actorKind = (row: AuditRecord) =>
    t(`adminConsole.audit.actorKinds.${row.actor_kind}`, { defaultValue: row.actor_kind });
  // `user.lock` → 锁定用户; a code the map does not know (or not object.verb) shows as itself.
  const actionName = (action: string) =>
    /^[a-z_]+\.[a-z_]+$/.test(action)
      ? t(`adminConsole.audit.actionNames.${action}`, { defaultValue: action })
      : action;
  const objectOf = (row: AuditRecord) =>
    `${row.object_type}${row.object_id ? ` · ${row.object_id}` : ''}`;
  // A name people read; a short id (whole in the title) when there is none.
  const named = (name?: string | null, id?: string | null) =>
    name ? (
      <span title={id ?? undefined}>{name}</span>
    ) : id ? (
      <Typography.Text code title={id}>
        {shortId(id)}
      </Typography.Text>
    ) : null;
  // Widths that fit the console at 1280 px (about 890 px inside the card); long cells end in an
  // ellipsis, whole on hover.
  const columns: ColumnsType<AuditRecord> = [
    {
      title: t('adminConsole.audit.at'),
      dataIndex: 'at',
      width: 150,
      render: (at: string) => formatDateTime(at, i18n.language),
    },
    {
      title: t('adminConsole.audit.actor'),
      key: 'actor',
      width: 180,
      ellipsis: true,
      onCell: (row) => ({
        title: [actorKind(row), row.actor_name, row.actor_id].filter(Boolean).join(' · '),
      }),
      render: (_, row) => (
        <>
          <Tag>{actorKind(row)}</Tag>
          {named(row.actor_name, row.actor_id)}
        </>
      ),
    },
    {
      title: t('adminConsole.audit.action'),
      dataIndex: 'action',
      width: 170,
      onCell: (row) => ({ title: `${actionName(row.action)} · ${row.action}` }),
      render: (action: string) => (
        <div className="cell-lines">
          <span>{actionName(action)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {action}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('adminConsole.audit.object'),
      key: 'object',
      width: 120,
      ellipsis: true,
      render: (_, row) => objectOf(row),
    },
    {
      title: t('adminConsole.audit.org'),
      key: 'org',
      width: 110,
      ellipsis: true,
      onCell: (row) => ({
        title: [row.org_name, row.org_id].filter(Boolean).join(' · ') || undefined,
      }),
      render: (_, row) => named(row.org_name, row.org_id) ?? none,
    },
    {
      title: t('adminConsole.audit.ip'),
      dataIndex: 'ip',
      width: 100,
      ellipsis: true,
      render: (ip?: string | null) => ip ?? none,
    },
  ];
  const scrollX = useTableScrollX(columns, expandColumnWidth);

  const initial: FormValues = {
    ...Object.fromEntries(textFields.map((f) => [f, filter[f]])),
    range:
      filter.from || filter.to
        ? [filter.from ? dayjs(filter.from) : null, filter.to ? dayjs(filter.to) : null]
        : null,
  };

  return (
    <Card>
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={submit}
        aria-label={t('adminConsole.audit.title')}
      >
        <Row gutter={16}>
          <Col xs={24} md={12} xl={8}>
            <Form.Item name="action" label={t('adminConsole.audit.action')}>
              <Input allowClear placeholder={t('adminConsole.audit.actionHint')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={8}>
            <Form.Item name="object_type" label={t('adminConsole.audit.objectType')}>
              <Input allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={8}>
            <Form.Item name="object_id" label={t('adminConsole.audit.objectId')}>
              <Input allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={8}>
            <Form.Item name="actor_id" label={t('adminConsole.audit.actorId')}>
              <Input allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={8}>
            <Form.Item name="org_id" label={t('adminConsole.audit.orgId')}>
              <Input allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={8}>
            <Form.Item name="range" label={t('adminConsole.audit.range')}>
              <DatePicker.RangePicker
                showTime
                allowEmpty={[true, true]}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
        </Row>
        <Space wrap style={{ marginBottom: 16 }}>
          <Button type="primary" htmlType="submit">
            {t('adminConsole.audit.search')}
          </Button>
          <Button onClick={reset}>{t('adminConsole.audit.reset')}</Button>
          <Button
            icon={<DownloadOutlined aria-hidden />}
            loading={exporter.isPending}
            onClick={() =>
              exporter.mutate({
                filter: filtersOf(filter),
                filename: t('adminConsole.audit.exportFile'),
              })
            }
          >
            {t('adminConsole.audit.export')}
          </Button>
        </Space>
      </Form>
      {log.isError ? <ProblemAlert error={log.error} /> : null}
      {exporter.isError ? <ProblemAlert error={exporter.error} /> : null}
      <Table<AuditRecord>
        rowKey="id"
        columns={columns}
        dataSource={log.data?.items}
        loading={log.isFetching}
        size="middle"
        scroll={{ x: scrollX }}
        locale={{ emptyText: t('adminConsole.audit.empty') }}
        expandable={{
          columnWidth: expandColumnWidth,
          rowExpandable: hasMore,
          expandedRowRender: (row) => {
            const details = detailsText(row.details);
            return (
              <div className="admin-audit-details">
                {row.request_id ? (
                  <Typography.Paragraph
                    type="secondary"
                    style={details === null ? { marginBottom: 0 } : undefined}
                  >
                    {t('adminConsole.audit.requestId')}: {row.request_id}
                  </Typography.Paragraph>
                ) : null}
                {details !== null ? (
                  <>
                    <Typography.Text strong>{t('adminConsole.audit.details')}</Typography.Text>
                    <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                      {details}
                    </pre>
                  </>
                ) : null}
              </div>
            );
          },
        }}
        pagination={{
          current: filter.page,
          pageSize: filter.page_size,
          total: log.data?.total ?? 0,
          showTotal: (total) => t('adminConsole.total', { total }),
          onChange: (page, pageSize) =>
            onFilterChange({
              ...filter,
              page: pageSize === filter.page_size ? page : 1,
              page_size: pageSize,
            }),
        }}
      />
    </Card>
  );
}
