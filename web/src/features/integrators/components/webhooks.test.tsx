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

import { Webhooks } from './webhooks';

const endpoint = {
  id: 'w1',
  url: 'https://erp.example.com/ketang',
  events: ['course.approved', 'payment.confirmed'],
  active: true,
  created_at: '2026-11-20T08:00:00Z',
};
const failed = {
  id: 'd1',
  event: 'course.approved',
  status: 'failed',
  attempts: 8,
  last_status_code: 500,
  last_error: 'HTTP 500 Internal Server Error',
  payload: '{"id":"d1","event":"course.approved","data":{"course_id":"c9"}}',
  created_at: '2026-11-21T08:00:00Z',
};

function renderWebhooks(routes: Record<string, Route>) {
  const stub = stubApi(routes);
  renderWithProviders(<Webhooks orgId="o1" />);
  return { ...stub, user: userEvent.setup() };
}

async function rowOf(text: string): Promise<HTMLElement> {
  const cell = await screen.findByText(text);
  const row = cell.closest<HTMLElement>('tr');
  if (!row) throw new Error(`${text} is not in a table row`);
  return row;
}

describe('webhooks', () => {
  beforeEach(() => startSession('token-1'));

  it('adds an endpoint, putting a refused URL under its field, and shows the signing secret once', async () => {
    const replies = [
      problemReply(422, {
        code: 'validation_failed',
        title: '提交的信息有误',
        errors: [{ field: 'url', code: 'webhook_url', message: '请填写 https:// 开头的地址' }],
      }),
      { status: 201, body: { endpoint, secret: 'whsec_0123456789abcdef' } },
    ];
    const { requests, user } = renderWebhooks({
      '/api/v1/orgs/o1/webhooks': (request) =>
        request.method === 'POST'
          ? replies.shift()!
          : { body: requests.some((r) => r.method === 'POST') ? [endpoint] : [] },
    });

    await screen.findByText('还没有 Webhook 端点');
    await user.click(screen.getByRole('button', { name: /添加端点/ }));
    const dialog = await screen.findByRole('dialog', { name: '添加 Webhook 端点' });
    const url = within(dialog).getByLabelText('接收地址');
    await user.type(url, 'http://erp.example.com/ketang');
    await user.click(within(dialog).getByRole('checkbox', { name: /course\.approved/ }));
    await user.click(within(dialog).getByRole('checkbox', { name: /payment\.confirmed/ }));
    await user.click(within(dialog).getByRole('button', { name: /保\s*存/ }));
    const item = url.closest<HTMLElement>('.ant-form-item')!;
    expect(await within(item).findByText('请填写 https:// 开头的地址')).toBeInTheDocument();

    await user.clear(url);
    await user.type(url, endpoint.url);
    await user.click(within(dialog).getByRole('button', { name: /保\s*存/ }));
    const shown = await screen.findByRole('dialog', { name: 'Webhook 已添加' });
    expect(within(shown).getByText('whsec_0123456789abcdef')).toBeInTheDocument();
    expect(within(shown).getByText('请立即复制并妥善保存')).toBeInTheDocument();
    const posts = requests.filter((r) => r.method === 'POST');
    expect(await bodyOf(posts[1])).toEqual({
      url: endpoint.url,
      events: ['course.approved', 'payment.confirmed'],
      active: true,
    });
    await user.click(within(shown).getByRole('button', { name: '我已保存' }));
    const row = await rowOf(endpoint.url);
    expect(within(row).getByText('启用中')).toBeInTheDocument();
    expect(within(row).getByText('payment.confirmed')).toBeInTheDocument();
  });

  it('edits an endpoint: pauses it', async () => {
    const { requests, user } = renderWebhooks({
      '/api/v1/orgs/o1/webhooks': { body: [endpoint] },
      '/api/v1/orgs/o1/webhooks/w1': { body: { ...endpoint, active: false } },
    });

    const row = await rowOf(endpoint.url);
    await user.click(within(row).getByRole('button', { name: /编\s*辑/ }));
    const dialog = await screen.findByRole('dialog', { name: '编辑 Webhook 端点' });
    await user.click(within(dialog).getByRole('switch'));
    await user.click(within(dialog).getByRole('button', { name: /保\s*存/ }));

    expect(await screen.findByText('Webhook 端点已保存')).toBeInTheDocument();
    const put = requests.find((r) => r.method === 'PUT');
    expect(await bodyOf(put)).toEqual({
      url: endpoint.url,
      events: endpoint.events,
      active: false,
    });
  });

  it('shows the delivery log with the payload, and redelivers', async () => {
    const { requests, user } = renderWebhooks({
      '/api/v1/orgs/o1/webhooks': { body: [endpoint] },
      '/api/v1/orgs/o1/webhooks/w1/deliveries': {
        body: { items: [failed], page: 1, page_size: 20, total: 1 },
      },
      '/api/v1/orgs/o1/webhooks/w1/deliveries/d1/redeliver': { status: 202 },
    });

    const row = await rowOf(endpoint.url);
    await user.click(within(row).getByRole('button', { name: '投递记录' }));
    const log = await screen.findByRole('dialog', { name: '投递记录' });
    const delivery = (await within(log).findByText('HTTP 500 Internal Server Error')).closest(
      'tr',
    )!;
    expect(within(delivery).getByText('失败')).toBeInTheDocument();
    expect(within(delivery).getByText('8')).toBeInTheDocument();
    expect(within(delivery).getByText('500')).toBeInTheDocument();

    await user.click(within(delivery).getByRole('button', { name: /展开行|Expand row/ }));
    expect(await within(log).findByText(/"course_id": "c9"/)).toBeInTheDocument();

    await user.click(within(delivery).getByRole('button', { name: '重新投递' }));
    expect(await screen.findByText('已重新加入投递队列')).toBeInTheDocument();
    const redelivery = requests.find((r) => r.method === 'POST');
    expect(new URL(redelivery!.url).pathname).toBe(
      '/api/v1/orgs/o1/webhooks/w1/deliveries/d1/redeliver',
    );
  });

  it('asks before deleting an endpoint', async () => {
    const { requests, user } = renderWebhooks({
      '/api/v1/orgs/o1/webhooks': (request) =>
        request.method === 'GET'
          ? { body: requests.some((r) => r.method === 'DELETE') ? [] : [endpoint] }
          : { status: 405 },
      '/api/v1/orgs/o1/webhooks/w1': { status: 204 },
    });

    const row = await rowOf(endpoint.url);
    await user.click(within(row).getByRole('button', { name: /删\s*除/ }));
    const confirm = await screen.findByRole('tooltip');
    expect(within(confirm).getByText('确定删除此端点？')).toBeInTheDocument();
    await user.click(within(confirm).getByRole('button', { name: /删\s*除/ }));

    expect(await screen.findByText('已删除 Webhook 端点')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText(endpoint.url)).not.toBeInTheDocument());
    const removal = requests.find((r) => r.method === 'DELETE');
    expect(new URL(removal!.url).pathname).toBe('/api/v1/orgs/o1/webhooks/w1');
  });
});
