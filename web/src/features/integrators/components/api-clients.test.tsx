import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';

import { startSession } from '@/lib/session';
import {
  bodyOf,
  problemReply,
  renderWithProviders,
  stubApi,
  type Route,
} from '@/testing/test-utils';

import { ApiClients } from './api-clients';

const erpKey = {
  id: 'c1',
  kind: 'api_key',
  name: 'ERP 同步',
  public_id: 'ab12cd34ef',
  scopes: ['classes:read', 'org:read'],
  rate_limit_per_minute: 600,
  expires_at: null,
  revoked_at: null,
  last_used_at: '2026-11-22T08:00:00Z',
  use_count: 1234,
  created_at: '2026-11-20T08:00:00Z',
};
const oldClient = {
  ...erpKey,
  id: 'c2',
  kind: 'oauth_client',
  name: '旧系统',
  public_id: 'kt_client_0011223344556677',
  scopes: ['courses:read'],
  revoked_at: '2026-11-21T08:00:00Z',
  last_used_at: null,
  use_count: 0,
};
const newKey = {
  ...erpKey,
  id: 'c3',
  name: '班级看板',
  public_id: 'zz99yy88xx',
  scopes: ['classes:read'],
  last_used_at: null,
  use_count: 0,
};
const secret = 'kt_key_zz99yy88xx_S3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3';

function renderClients(routes: Record<string, Route>) {
  const stub = stubApi(routes);
  renderWithProviders(<ApiClients orgId="o1" />);
  return { ...stub, user: userEvent.setup() };
}

async function rowOf(text: string): Promise<HTMLElement> {
  const cell = await screen.findByText(text);
  const row = cell.closest<HTMLElement>('tr');
  if (!row) throw new Error(`${text} is not in a table row`);
  return row;
}

describe('API keys', () => {
  beforeEach(() => startSession('token-1'));

  it('lists the credentials with their scopes, state and usage', async () => {
    renderClients({ '/api/v1/orgs/o1/api-clients': { body: [erpKey, oldClient] } });

    const erp = await rowOf('ERP 同步');
    expect(within(erp).getByText('API 密钥')).toBeInTheDocument();
    expect(within(erp).getByText('kt_key_ab12cd34ef_…')).toBeInTheDocument();
    expect(within(erp).getByText('classes:read')).toBeInTheDocument();
    expect(within(erp).getByText('有效')).toBeInTheDocument();
    expect(within(erp).getByText('长期有效')).toBeInTheDocument();
    expect(within(erp).getByText('1,234')).toBeInTheDocument();
    expect(within(erp).getByRole('button', { name: /吊\s*销/ })).toBeInTheDocument();

    const old = await rowOf('旧系统');
    expect(within(old).getByText('OAuth 客户端')).toBeInTheDocument();
    expect(within(old).getByText('已吊销')).toBeInTheDocument();
    expect(within(old).getByText('从未使用')).toBeInTheDocument();
    expect(within(old).queryByRole('button', { name: /吊\s*销/ })).not.toBeInTheDocument();
  });

  it('shows the empty list and a failed load', async () => {
    renderClients({
      '/api/v1/orgs/o1/api-clients': [
        problemReply(500, { code: 'internal', title: '服务器出错了' }),
        { body: [] },
      ],
    });
    expect(await screen.findByText('服务器出错了')).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: /重\s*试/ }));
    expect(await screen.findByText('还没有 API 密钥或 OAuth 客户端')).toBeInTheDocument();
  });

  it('creates an API key and shows its secret once, with a warning', async () => {
    const { requests, user } = renderClients({
      '/api/v1/orgs/o1/api-clients': (request) =>
        request.method === 'POST'
          ? { status: 201, body: { client: newKey, secret } }
          : { body: requests.some((r) => r.method === 'POST') ? [newKey, erpKey] : [erpKey] },
    });

    await screen.findByText('ERP 同步');
    await user.click(screen.getByRole('button', { name: /新建凭证/ }));
    const dialog = await screen.findByRole('dialog', { name: '新建 API 凭证' });
    await user.type(within(dialog).getByLabelText('名称'), '班级看板');
    await user.click(within(dialog).getByRole('checkbox', { name: /classes:read/ }));
    await user.click(within(dialog).getByRole('button', { name: /创\s*建/ }));

    const shown = await screen.findByRole('dialog', { name: 'API 密钥已创建' });
    expect(within(shown).getByText('请立即复制并妥善保存')).toBeInTheDocument();
    expect(within(shown).getByText(/关闭此窗口后将无法再次查看/)).toBeInTheDocument();
    expect(within(shown).getByText(secret)).toBeInTheDocument();
    expect(within(shown).getByRole('button', { name: /复制/ })).toBeInTheDocument();
    const post = requests.find((r) => r.method === 'POST');
    expect(await bodyOf(post)).toEqual({
      kind: 'api_key',
      name: '班级看板',
      scopes: ['classes:read'],
      expires_at: null,
      rate_limit_per_minute: 600,
    });

    await user.click(within(shown).getByRole('button', { name: '我已保存' }));
    await waitFor(() => expect(screen.queryByText(secret)).not.toBeInTheDocument());
    expect(await rowOf('班级看板')).toBeInTheDocument();
  });

  it('shows an OAuth client’s client_id and secret', async () => {
    const client = { ...newKey, kind: 'oauth_client', public_id: 'kt_client_abcdef0123456789' };
    const { user } = renderClients({
      '/api/v1/orgs/o1/api-clients': (request) =>
        request.method === 'POST'
          ? { status: 201, body: { client, secret: 'oauthSecret0123456789' } }
          : { body: [] },
    });

    await screen.findByText('还没有 API 密钥或 OAuth 客户端');
    await user.click(screen.getByRole('button', { name: /新建凭证/ }));
    const dialog = await screen.findByRole('dialog', { name: '新建 API 凭证' });
    await user.click(within(dialog).getByRole('radio', { name: /OAuth 客户端/ }));
    await user.type(within(dialog).getByLabelText('名称'), '班级看板');
    await user.click(within(dialog).getByRole('checkbox', { name: /classes:read/ }));
    await user.click(within(dialog).getByRole('button', { name: /创\s*建/ }));

    const shown = await screen.findByRole('dialog', { name: 'OAuth 客户端已创建' });
    expect(within(shown).getByText('kt_client_abcdef0123456789')).toBeInTheDocument();
    expect(within(shown).getByText('oauthSecret0123456789')).toBeInTheDocument();
  });

  it('asks for a name and a scope, and puts the server’s field errors under the fields', async () => {
    const { requests, user } = renderClients({
      '/api/v1/orgs/o1/api-clients': (request) =>
        request.method === 'POST'
          ? problemReply(422, {
              code: 'validation_failed',
              title: '提交的信息有误',
              errors: [{ field: 'name', code: 'blank', message: '名称不能为空白' }],
            })
          : { body: [] },
    });

    await screen.findByText('还没有 API 密钥或 OAuth 客户端');
    await user.click(screen.getByRole('button', { name: /新建凭证/ }));
    const dialog = await screen.findByRole('dialog', { name: '新建 API 凭证' });
    await user.click(within(dialog).getByRole('button', { name: /创\s*建/ }));
    expect(await within(dialog).findByText('请输入名称')).toBeInTheDocument();
    expect(within(dialog).getByText('请至少选择一项权限')).toBeInTheDocument();
    expect(requests.some((r) => r.method === 'POST')).toBe(false);

    const name = within(dialog).getByLabelText('名称');
    await user.type(name, 'X');
    await user.click(within(dialog).getByRole('checkbox', { name: /org:read/ }));
    await user.click(within(dialog).getByRole('button', { name: /创\s*建/ }));
    const item = name.closest<HTMLElement>('.ant-form-item')!;
    expect(await within(item).findByText('名称不能为空白')).toBeInTheDocument();
  });

  it('asks before revoking, and shows why the server refused', async () => {
    const { requests, user } = renderClients({
      '/api/v1/orgs/o1/api-clients': { body: [erpKey] },
      '/api/v1/orgs/o1/api-clients/c1': [
        problemReply(404, { code: 'not_found', title: '内容不存在' }),
        { status: 204 },
      ],
    });

    const row = await rowOf('ERP 同步');
    await user.click(within(row).getByRole('button', { name: /吊\s*销/ }));
    const confirm = await screen.findByRole('tooltip');
    expect(within(confirm).getByText('确定吊销“ERP 同步”？')).toBeInTheDocument();
    await user.click(within(confirm).getByRole('button', { name: /取\s*消/ }));
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);

    await user.click(within(row).getByRole('button', { name: /吊\s*销/ }));
    await user.click(
      within(await screen.findByRole('tooltip')).getByRole('button', { name: /吊\s*销/ }),
    );
    expect(await screen.findByText('内容不存在')).toBeInTheDocument();

    await user.click(within(row).getByRole('button', { name: /吊\s*销/ }));
    await user.click(
      within(await screen.findByRole('tooltip')).getByRole('button', { name: /吊\s*销/ }),
    );
    expect(await screen.findByText('已吊销“ERP 同步”')).toBeInTheDocument();
    const deletes = requests.filter((r) => r.method === 'DELETE');
    expect(deletes).toHaveLength(2);
    expect(new URL(deletes[0]!.url).pathname).toBe('/api/v1/orgs/o1/api-clients/c1');
  });
});
