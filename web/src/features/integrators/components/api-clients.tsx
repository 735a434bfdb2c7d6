import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { formatDate, formatDateTime } from '@/utils/format-date';

import type { CreatedApiClient } from '../api/create-api-client';
import { useApiClients, type ApiClient } from '../api/get-api-clients';
import { useRevokeApiClient } from '../api/revoke-api-client';
import { CreateApiClientModal } from './create-api-client-modal';
import { SecretModal } from './secret-modal';

type State = 'active' | 'revoked' | 'expired';
const stateColors: Record<State, string> = { active: 'green', revoked: 'red', expired: 'default' };

function stateOf(client: ApiClient, now: number): State {
  if (client.revoked_at) return 'revoked';
  if (client.expires_at && Date.parse(client.expires_at) <= now) return 'expired';
  return 'active';
}

/** The secret modal's lines: an API key is one secret; an OAuth client is an id and a secret. */
function secretEntries(created: CreatedApiClient, t: (key: string) => string) {
  return created.client.kind === 'oauth_client'
    ? [
        { label: t('integrators.secret.clientId'), value: created.client.public_id },
        { label: t('integrators.secret.clientSecret'), value: created.secret },
      ]
    : [{ label: t('integrators.secret.apiKey'), value: created.secret }];
}

/**
 * API 密钥与 OAuth 客户端 of one org (its owner): the list with usage, creating one (its
 * secret shown once) and revoking one after a confirmation.
 */
export function ApiClients({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const clients = useApiClients(orgId);
  const revoke = useRevokeApiClient(orgId);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiClient | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [now] = useState(() => Date.now());

  const columns: ColumnsType<ApiClient> = [
    {
      key: 'name',
      title: t('integrators.clients.name'),
      render: (_, client) => (
        <Space orientation="vertical" size={2}>
          <Typography.Text strong>{client.name}</Typography.Text>
          <Tag>{t(`integrators.kinds.${client.kind}`, { defaultValue: client.kind })}</Tag>
        </Space>
      ),
    },
    {
      key: 'publicId',
      title: t('integrators.clients.publicId'),
      responsive: ['md'],
      render: (_, client) => (
        <Typography.Text code copyable={client.kind === 'oauth_client'}>
          {client.kind === 'api_key' ? `kt_key_${client.public_id}_…` : client.public_id}
        </Typography.Text>
      ),
    },
    {
      key: 'scopes',
      title: t('integrators.clients.scopes'),
      render: (_, client) => (
        <Space wrap size={[0, 4]} style={{ maxWidth: 260 }}>
          {client.scopes.map((scope) => (
            <Tag key={scope} color="blue">
              {scope}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'status',
      title: t('integrators.clients.status'),
      render: (_, client) => {
        const state = stateOf(client, now);
        return (
          <Space orientation="vertical" size={2}>
            <Tag color={stateColors[state]}>{t(`integrators.clients.${state}`)}</Tag>
            <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
              {client.expires_at
                ? `${t('integrators.clients.expiresAt')} ${formatDate(client.expires_at, i18n.language)}`
                : t('integrators.clients.neverExpires')}
            </Typography.Text>
          </Space>
        );
      },
    },
    {
      key: 'usage',
      title: t('integrators.clients.lastUsed'),
      responsive: ['md'],
      render: (_, client) => (
        <Space orientation="vertical" size={2}>
          <span style={{ whiteSpace: 'nowrap' }}>
            {client.last_used_at
              ? formatDateTime(client.last_used_at, i18n.language)
              : t('integrators.clients.neverUsed')}
          </span>
          <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
            {t('integrators.clients.rateLimit', { count: client.rate_limit_per_minute })}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'useCount',
      title: t('integrators.clients.useCount'),
      align: 'right',
      render: (_, client) => client.use_count.toLocaleString(i18n.language),
    },
    {
      key: 'actions',
      title: t('integrators.clients.actions'),
      render: (_, client) =>
        client.revoked_at ? null : (
          <Popconfirm
            title={t('integrators.clients.revokeTitle', { name: client.name })}
            description={t('integrators.clients.revokeText')}
            okText={t('integrators.clients.revoke')}
            cancelText={t('integrators.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() =>
              revoke
                .mutateAsync(client.id, {
                  onSuccess: () => {
                    setActionError(null);
                    void message.success(
                      t('integrators.clients.revokedDone', { name: client.name }),
                    );
                  },
                  onError: setActionError,
                })
                .catch(() => undefined)
            }
          >
            <Button type="link" danger size="small" style={{ paddingInline: 0 }}>
              {t('integrators.clients.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card title={t('integrators.clients.title')}>
      <Button
        type="primary"
        icon={<PlusOutlined aria-hidden />}
        onClick={() => setCreating(true)}
        style={{ marginBottom: 16 }}
      >
        {t('integrators.clients.create')}
      </Button>
      <ProblemAlert error={actionError ?? (clients.isError ? clients.error : null)} />
      {clients.isError && (
        <Button onClick={() => void clients.refetch()} style={{ marginBottom: 16 }}>
          {t('errors.retry')}
        </Button>
      )}
      <Table<ApiClient>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={clients.data}
        loading={clients.isPending && !clients.isError}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('integrators.clients.empty') }}
      />
      {creating && (
        <CreateApiClientModal
          orgId={orgId}
          onClose={() => setCreating(false)}
          onCreated={(answer) => {
            setCreating(false);
            setCreated(answer);
          }}
        />
      )}
      {created && (
        <SecretModal
          title={t(
            created.client.kind === 'oauth_client'
              ? 'integrators.secret.oauthTitle'
              : 'integrators.secret.apiKeyTitle',
          )}
          entries={secretEntries(created, t)}
          onClose={() => setCreated(null)}
        />
      )}
    </Card>
  );
}
