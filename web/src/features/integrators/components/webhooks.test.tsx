import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';

import { changeLanguage } from '@/lib/i18n';
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
const pending = {
  id: 'd2',
  event: 'learning_records.updated',
  status: 'pending',
  attempts: 2,
  last_status_code: 503,
  last_error: 'HTTP 503 Service Unavailable',
  next_attempt_at: '2026-11-22T08:02:00Z',
  payload: '{"id":"d2","event":"learning_records.updated","data":{"class_id":"k1"}}',
  created_at: '2026-11-22T08:00:00Z',
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

const ping = {
  id: 'd3',
  event: 'ping',
  status: 'pending',
  attempts: 0,
  last_status_code: null,
  last_error: null,
  next_attempt_at: '2026-11-22T09:00:00Z',
  payload: '{"id":"d3","event":"ping","data":{"message":"A test event from Ketang"}}',
  created_at: '2026-11-22T09:00:00Z',
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
    expect(within(row).getByText('会费缴纳成功')).toBeInTheDocument();
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

  it('shows the delivery log, with the next retry of a pending one, and redelivers', async () => {
    const { requests, user } = renderWebhooks({
      '/api/v1/orgs/o1/webhooks': { body: [endpoint] },
      '/api/v1/orgs/o1/webhooks/w1/deliveries': {
        body: { items: [pending, failed], page: 1, page_size: 20, total: 2 },
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
    expect(within(delivery).getByText('课程审核通过')).toBeInTheDocument();
    expect(within(delivery).getByText('course.approved')).toBeInTheDocument();
    expect(within(delivery).getByText('8')).toBeInTheDocument();
    expect(within(delivery).getByText('500')).toBeInTheDocument();
    expect(within(delivery).queryByText(/下次重试/)).not.toBeInTheDocument();
    const retrying = within(log).getByText('HTTP 503 Service Unavailable').closest('tr')!;
    expect(within(retrying).getByText('投递中')).toBeInTheDocument();
    expect(within(retrying).getByText('学习记录已更新')).toBeInTheDocument();
    expect(within(retrying).getByText(/^下次重试：2026/)).toBeInTheDocument();

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

  it('shows an endpoint Ketang turned off, and turns it on again after a confirmation', async () => {
    const off = {
      ...endpoint,
      active: false,
      disabled_reason: 'failing',
      disabled_at: '2026-11-24T08:00:00Z',
    };
    const { requests, user } = renderWebhooks({
      '/api/v1/orgs/o1/webhooks': () => ({
        body: [requests.some((r) => r.method === 'PUT') ? endpoint : off],
      }),
      '/api/v1/orgs/o1/webhooks/w1': { body: endpoint },
    });

    const row = await rowOf(endpoint.url);
    expect(within(row).getByText('已停用：连续约三天投递失败')).toBeInTheDocument();
    expect(within(row).getByText(/^停用于 2026/)).toBeInTheDocument();
    expect(screen.getByText('1 个端点因投递持续失败已被课堂停用')).toBeInTheDocument();

    await user.click(within(row).getByRole('button', { name: '重新启用' }));
    const confirm = await screen.findByRole('tooltip');
    expect(within(confirm).getByText('重新启用此端点？')).toBeInTheDocument();
    await user.click(within(confirm).getByRole('button', { name: '重新启用' }));

    expect(await screen.findByText('已重新启用 Webhook 端点')).toBeInTheDocument();
    const put = requests.find((r) => r.method === 'PUT');
    expect(new URL(put!.url).pathname).toBe('/api/v1/orgs/o1/webhooks/w1');
    expect(await bodyOf(put)).toEqual({ url: endpoint.url, events: endpoint.events, active: true });
    expect(await within(await rowOf(endpoint.url)).findByText('启用中')).toBeInTheDocument();
    expect(screen.queryByText('已停用：连续约三天投递失败')).not.toBeInTheDocument();
    expect(screen.queryByText(/个端点因投递持续失败/)).not.toBeInTheDocument();
  });

  it('sends a test event from the endpoint row', async () => {
    const { requests, user } = renderWebhooks({
      '/api/v1/orgs/o1/webhooks': { body: [endpoint] },
      '/api/v1/orgs/o1/webhooks/w1/ping': { status: 202, body: ping },
    });

    const row = await rowOf(endpoint.url);
    await user.click(within(row).getByRole('button', { name: '发送测试事件' }));

    expect(
      await screen.findByText('测试事件已加入投递队列，可在投递记录中查看结果'),
    ).toBeInTheDocument();
    const sent = requests.find((r) => r.method === 'POST');
    expect(new URL(sent!.url).pathname).toBe('/api/v1/orgs/o1/webhooks/w1/ping');
  });

  it('sends a test event from the delivery log and refreshes it', async () => {
    const { requests, user } = renderWebhooks({
      '/api/v1/orgs/o1/webhooks': { body: [endpoint] },
      '/api/v1/orgs/o1/webhooks/w1/deliveries': () =>
        requests.some((r) => r.method === 'POST')
          ? { body: { items: [ping, failed], page: 1, page_size: 20, total: 2 } }
          : { body: { items: [failed], page: 1, page_size: 20, total: 1 } },
      '/api/v1/orgs/o1/webhooks/w1/ping': { status: 202, body: ping },
    });

    const row = await rowOf(endpoint.url);
    await user.click(within(row).getByRole('button', { name: '投递记录' }));
    const log = await screen.findByRole('dialog', { name: '投递记录' });
    await within(log).findByText('HTTP 500 Internal Server Error');
    expect(within(log).queryByText('测试事件')).not.toBeInTheDocument();

    await user.click(within(log).getByRole('button', { name: /发送测试事件/ }));

    const pinged = (await within(log).findByText('测试事件')).closest('tr')!;
    expect(within(pinged).getByText('ping')).toBeInTheDocument();
    expect(within(pinged).getByText('投递中')).toBeInTheDocument();
    expect(screen.getByText('测试事件已加入投递队列，可在投递记录中查看结果')).toBeInTheDocument();
    const logReads = requests.filter(
      (r) => new URL(r.url).pathname === '/api/v1/orgs/o1/webhooks/w1/deliveries',
    );
    expect(logReads).toHaveLength(2);
    expect(requests.filter((r) => r.method === 'POST').map((r) => new URL(r.url).pathname)).toEqual(
      ['/api/v1/orgs/o1/webhooks/w1/ping'],
    );
  });

  it('opens a delivery to show every attempt, with the answer, and the payload', async () => {
    const { user } = renderWebhooks({
      '/api/v1/orgs/o1/webhooks': { body: [endpoint] },
      '/api/v1/orgs/o1/webhooks/w1/deliveries': {
        body: { items: [failed], page: 1, page_size: 20, total: 1 },
      },
      '/api/v1/orgs/o1/webhooks/w1/deliveries/d1': {
        body: {
          ...failed,
          attempt_log: [
            {
              attempted_at: '2026-11-21T08:00:01Z',
              status_code: null,
              duration_ms: 10_000,
              error: 'timed out',
              response_excerpt: null,
            },
            {
              attempted_at: '2026-11-21T08:00:31Z',
              status_code: 500,
              duration_ms: 87,
              error: 'HTTP 500 Internal Server Error',
              response_excerpt: '<html><body>upstream exploded</body></html>',
            },
          ],
        },
      },
    });

    const row = await rowOf(endpoint.url);
    await user.click(within(row).getByRole('button', { name: '投递记录' }));
    const log = await screen.findByRole('dialog', { name: '投递记录' });
    const delivery = (await within(log).findByText('HTTP 500 Internal Server Error')).closest(
      'tr',
    )!;
    await user.click(within(delivery).getByRole('button', { name: /详\s*情/ }));

    // Its name is the drawer's title (tests give every element the same id: found by its text).
    const title = await screen.findByText('投递详情', { selector: '.ant-drawer-title' });
    const drawer = title.closest<HTMLElement>('[role=dialog]')!;
    const excerpt = await within(drawer).findByText('<html><body>upstream exploded</body></html>');
    expect(excerpt.tagName).toBe('PRE');
    expect(within(drawer).getByText(/^第 1 次/)).toBeInTheDocument();
    expect(within(drawer).getByText(/^第 2 次/)).toBeInTheDocument();
    expect(within(drawer).getByText('无响应')).toBeInTheDocument();
    expect(within(drawer).getByText('timed out')).toBeInTheDocument();
    expect(within(drawer).getByText('10000 毫秒')).toBeInTheDocument();
    expect(within(drawer).getByText('87 毫秒')).toBeInTheDocument();
    expect(within(drawer).getByText(/"course_id": "c9"/)).toBeInTheDocument();
    expect(within(drawer).getByText('d1')).toBeInTheDocument();
  });

  it('rotates the signing secret after saying what happens, and shows the new one once', async () => {
    const expires = new Date(Date.now() + 48 * 3_600_000).toISOString();
    const rotated = { ...endpoint, previous_secret_expires_at: expires };
    const { requests, user } = renderWebhooks({
      '/api/v1/orgs/o1/webhooks': () => ({
        body: [requests.some((r) => r.method === 'POST') ? rotated : endpoint],
      }),
      '/api/v1/orgs/o1/webhooks/w1/secret': {
        status: 201,
        body: { endpoint: rotated, secret: 'whsec_NewNewNewNewNewNew' },
      },
    });

    const row = await rowOf(endpoint.url);
    expect(within(row).queryByText(/旧密钥将于/)).not.toBeInTheDocument();
    await user.click(within(row).getByRole('button', { name: '轮换密钥' }));
    const ask = await screen.findByRole('dialog', { name: '轮换签名密钥' });
    expect(within(ask).getByText(/新旧两个签名（以空格分隔）/)).toBeInTheDocument();
    const hours = within(ask).getByLabelText('旧密钥继续签名的时长');
    expect(hours).toHaveValue('24');
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
    await user.clear(hours);
    await user.type(hours, '48');
    await user.click(within(ask).getByRole('button', { name: '轮换密钥' }));

    const shown = await screen.findByRole('dialog', { name: '签名密钥已轮换' });
    expect(within(shown).getByText('whsec_NewNewNewNewNewNew')).toBeInTheDocument();
    expect(within(shown).getByText('请立即复制并妥善保存')).toBeInTheDocument();
    expect(within(shown).getByText(/^旧密钥将于 .+ 停止签名，请在此之前/)).toBeInTheDocument();
    const post = requests.find((r) => r.method === 'POST');
    expect(new URL(post!.url).pathname).toBe('/api/v1/orgs/o1/webhooks/w1/secret');
    expect(await bodyOf(post)).toEqual({ overlap_hours: 48 });

    await user.click(within(shown).getByRole('button', { name: '我已保存' }));
    await waitFor(() =>
      expect(screen.queryByText('whsec_NewNewNewNewNewNew')).not.toBeInTheDocument(),
    );
    const after = await rowOf(endpoint.url);
    expect(await within(after).findByText(/^旧密钥将于 .+ 停止签名$/)).toBeInTheDocument();
  });

  it('names events by their labels, with the code beside them, in both languages', async () => {
    const { user } = renderWebhooks({
      '/api/v1/orgs/o1/webhooks': {
        body: [{ ...endpoint, events: ['course.rejected', 'member.approved'] }],
      },
    });

    const row = await rowOf(endpoint.url);
    expect(within(row).getByText('课程审核未通过')).toBeInTheDocument();
    expect(within(row).queryByText('course.rejected')).not.toBeInTheDocument();

    await user.click(within(row).getByRole('button', { name: /编\s*辑/ }));
    const dialog = await screen.findByRole('dialog', { name: '编辑 Webhook 端点' });
    for (const [code, label] of [
      ['course.approved', '课程审核通过'],
      ['course.rejected', '课程审核未通过'],
      ['payment.confirmed', '会费缴纳成功'],
      ['learning_records.updated', '学习记录已更新'],
      ['member.approved', '会员审核通过'],
    ]) {
      expect(
        within(dialog).getByRole('checkbox', { name: `${label} ${code}` }),
      ).toBeInTheDocument();
    }
    await user.click(within(dialog).getByRole('button', { name: /取\s*消/ }));
    // The code is a hover away (after the dialog: tests give every element the same id).
    await user.hover(within(row).getByText('会员审核通过'));
    expect(await screen.findByText('事件代码：member.approved')).toBeInTheDocument();

    await changeLanguage('en');
    expect(await within(row).findByText('Course not approved')).toBeInTheDocument();
    expect(within(row).getByText('Membership approved')).toBeInTheDocument();
  });
});
