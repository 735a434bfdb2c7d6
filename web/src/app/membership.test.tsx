import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { describe, expect, it } from 'vitest';

import { membership, page, payment } from '@/features/members/testing/fixtures';
import { enums, me, session, unreadReply } from '@/testing/fixtures';
import { problemReply, stubApi, type Route } from '@/testing/test-utils';

import { AppProvider } from './provider';
import { routes } from './router';

const org = {
  id: 'o1',
  name: '海南会员测试单位',
  uscc: '91460100MA5TDEM28D',
  legal_representative: '王法人',
  address: '',
  contact_phone: '',
  certification: 'uncertified',
  certified_by: null,
  certified_at: null,
  created_at: '2026-11-20T08:00:00Z',
  my_role: 'owner',
};
const other = { ...org, id: 'o2', name: '另一家企业', uscc: '91460200MA5RCN2P6M' };

// The first render of the whole app under jsdom takes a while.
const slow = { timeout: 10_000 };

function renderApp(path: string, routesOfApi: Record<string, Route>, signedIn = true) {
  const stub = stubApi({
    '/api/v1/auth/refresh': signedIn
      ? { body: session('token-1') }
      : problemReply(401, { code: 'unauthorized', title: '未登录' }),
    '/api/v1/me': { body: { ...me, admin_role: 'super' } },
    '/api/v1/meta/enums': { body: enums },
    '/api/v1/messages': unreadReply(0),
    ...routesOfApi,
  });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <AppProvider>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...stub, router };
}

describe('membership pages', () => {
  it('shows a visitor what membership is and the three ways in', async () => {
    renderApp('/membership', {}, false);
    expect(
      await screen.findByRole('heading', { name: '会员服务', level: 1 }, slow),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '会员注册' })).toHaveAttribute(
      'href',
      '/membership/register',
    );
    expect(screen.getByRole('link', { name: '会员登录' })).toHaveAttribute(
      'href',
      '/membership/login',
    );
    expect(screen.getByRole('link', { name: '查询审核进度' })).toHaveAttribute(
      'href',
      '/membership/status',
    );
  });

  it("finds the member's org among the user's orgs and shows its home", async () => {
    renderApp('/membership', {
      '/api/v1/orgs': { body: [other, org] },
      '/api/v1/orgs/o2/membership': problemReply(404, { code: 'not_found', title: '不存在' }),
      '/api/v1/orgs/o1/membership': { body: membership() },
    });
    expect(
      await screen.findByRole('heading', { name: '海南会员测试单位' }, slow),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: '会费缴纳' })).toBeInTheDocument();
    expect(screen.getByText('会员单位')).toBeInTheDocument();
  });

  it('offers an owner without a membership to apply with the org', async () => {
    renderApp('/membership', {
      '/api/v1/orgs': { body: [org] },
      '/api/v1/orgs/o1/membership': problemReply(404, { code: 'not_found', title: '不存在' }),
      '/api/v1/member-user-types': { body: [] },
    });
    expect(await screen.findByText('以我的企业申请入会', {}, slow)).toBeInTheDocument();
    expect(screen.getByText('91460100MA5TDEM28D')).toBeInTheDocument();
    // Its owner is signed in: no SMS code proves the contact mobile here.
    expect(screen.queryByLabelText('短信验证码')).not.toBeInTheDocument();
  });

  it('explains a refused WeChat step on the member sign-in page', async () => {
    renderApp('/membership/login?member_error=denied', {}, false);
    expect(await screen.findByText('您取消了微信授权', {}, slow)).toBeInTheDocument();
  });

  it("links the inbox's member and payment counts to their queues", async () => {
    renderApp('/admin', {
      '/api/v1/admin/reviews/counts': {
        body: {
          providers: 0,
          courses: 0,
          subsidies: 0,
          members: 3,
          offline_payments: 2,
          held_payments: 1,
        },
      },
    });
    expect(await screen.findByRole('link', { name: '会员审核：3 项待审核' }, slow)).toHaveAttribute(
      'href',
      '/admin/reviews/members',
    );
    expect(screen.getByRole('link', { name: '线下缴费确认：2 项待审核' })).toHaveAttribute(
      'href',
      '/admin/reviews/offline-payments',
    );
    expect(screen.getByRole('link', { name: '在线支付待核查：1 项待审核' })).toHaveAttribute(
      'href',
      '/admin/reviews/offline-payments?status=flagged',
    );
  });

  const heldPayment = payment({
    channel: 'wechat_native',
    status: 'flagged',
    out_trade_no: 'KTP20261125000001',
    paid_on: null,
    payer_account: null,
    bank_serial: null,
    voucher_media_id: null,
    voucher_url: null,
    flag_reason: 'amount_mismatch',
  });
  const paymentsByStatus: Route = (request) => {
    const status = new URL(request.url).searchParams.get('status');
    return { body: page(status === 'flagged' ? [heldPayment] : [payment()]) };
  };
  const statusesAsked = (requests: Request[]) =>
    requests
      .filter((r) => new URL(r.url).pathname === '/api/v1/admin/member-payments')
      .map((r) => new URL(r.url).searchParams.get('status'));

  it('opens the payment queue on its flagged segment from the address, and keeps the segment there', async () => {
    const { requests, router } = renderApp('/admin/reviews/offline-payments?status=flagged', {
      '/api/v1/admin/member-payments': paymentsByStatus,
    });
    const row = (await screen.findByText('KTP20261125000001', {}, slow)).closest('tr')!;
    expect(within(row).getByText('金额不符')).toBeInTheDocument();
    expect(within(row).getByLabelText('确认 海南会员测试单位 · 2026 年度')).toBeInTheDocument();
    expect(statusesAsked(requests)).toEqual(['flagged']);

    const user = userEvent.setup();
    await user.click(screen.getByText('待确认'));
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(await screen.findByText('查看凭证')).toBeInTheDocument();
    expect(statusesAsked(requests)).toContain('submitted');

    await user.click(screen.getByText('待核查'));
    await waitFor(() => expect(router.state.location.search).toBe('?status=flagged'));
    expect(await screen.findByText('KTP20261125000001')).toBeInTheDocument();
  });

  it('shows an auditor the held payments without confirm or close', async () => {
    renderApp('/admin/reviews/offline-payments?status=flagged', {
      '/api/v1/me': { body: { ...me, admin_role: 'auditor' } },
      '/api/v1/admin/member-payments': paymentsByStatus,
    });
    const row = (await screen.findByText('KTP20261125000001', {}, slow)).closest('tr')!;
    expect(screen.getByText('审计员只读')).toBeInTheDocument();
    expect(within(row).queryByLabelText('确认 海南会员测试单位 · 2026 年度')).toBeNull();
    expect(within(row).queryByLabelText('关闭 海南会员测试单位 · 2026 年度')).toBeNull();
  });
});
