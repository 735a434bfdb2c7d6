import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { startSession } from '@/lib/session';
import {
  bodyOf,
  problemReply,
  renderWithProviders,
  stubApi,
  type Route,
} from '@/testing/test-utils';

import { levels, membership, page, payment, userTypes } from '../testing/fixtures';
import { MemberReviewDetail } from './member-review-detail';
import { MembershipSettings } from './membership-settings';
import { OfflinePaymentQueue } from './offline-payment-queue';

function setUp(routes: Record<string, Route>) {
  startSession('token-1');
  const stub = stubApi({
    '/api/v1/admin/member-vocabularies/level': { body: levels },
    '/api/v1/admin/member-vocabularies/tag': { body: [] },
    '/api/v1/admin/member-vocabularies/user_type': { body: userTypes },
    ...routes,
  });
  const writes = () => stub.requests.filter((r) => r.method !== 'GET');
  return { ...stub, writes, user: userEvent.setup() };
}

describe('membership administration', () => {
  it('approves a registration with a level', async () => {
    const onDecided = vi.fn();
    const { writes, user } = setUp({
      '/api/v1/admin/memberships/m1': { body: membership({ status: 'pending', level: null }) },
      '/api/v1/admin/memberships/m1/decision': { body: membership() },
    });
    renderWithProviders(<MemberReviewDetail membershipId="m1" onDecided={onDecided} />);

    expect(await screen.findByText('海南会员测试单位')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /通\s*过/ }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByLabelText('会员等级'));
    await user.click(await screen.findByTitle('理事单位'));
    await user.click(within(dialog).getByRole('button', { name: /通\s*过/ }));

    await waitFor(() => expect(onDecided).toHaveBeenCalled());
    expect(await bodyOf(writes()[0])).toEqual({ decision: 'approve', level_id: 'lv-council' });
  });

  it('needs a reason to reject, then sends it', async () => {
    const { writes, user } = setUp({
      '/api/v1/admin/memberships/m1': { body: membership({ status: 'pending' }) },
      '/api/v1/admin/memberships/m1/decision': { body: membership({ status: 'rejected' }) },
    });
    renderWithProviders(<MemberReviewDetail membershipId="m1" onDecided={() => undefined} />);
    await user.click(await screen.findByRole('button', { name: /驳\s*回/ }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: /驳\s*回/ }));
    expect(await within(dialog).findByText('请填写驳回原因')).toBeInTheDocument();
    expect(writes()).toHaveLength(0);
    await user.type(within(dialog).getByLabelText('驳回原因'), '营业执照不清晰');
    await user.click(within(dialog).getByRole('button', { name: /驳\s*回/ }));
    await waitFor(() => expect(writes()).toHaveLength(1));
    expect(await bodyOf(writes()[0])).toEqual({ decision: 'reject', reason: '营业执照不清晰' });
  });

  it('confirms an offline payment after a confirmation, showing its voucher', async () => {
    const { writes, user } = setUp({
      '/api/v1/admin/member-payments': { body: page([payment()]) },
      '/api/v1/admin/member-payments/p1/decision': { body: payment({ status: 'confirmed' }) },
    });
    renderWithProviders(
      <OfflinePaymentQueue
        filter={{ status: 'submitted', page: 1, page_size: 20 }}
        onFilterChange={() => undefined}
      />,
    );
    const voucher = await screen.findByRole('link', { name: /查看凭证/ });
    expect(voucher.getAttribute('href')).toMatch(/\/media\/media-1\?expires=1&signature=x$/);
    expect(screen.getByText('¥1,234.50')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '确认 海南会员测试单位 · 2026 年度' }));
    await user.click(
      within(await screen.findByRole('tooltip')).getByRole('button', { name: /确\s*认/ }),
    );
    expect(await screen.findByText('已确认缴费')).toBeInTheDocument();
    expect(await bodyOf(writes()[0])).toEqual({ decision: 'confirm' });
  });

  it('confirms a voucher for another amount than the fee only with a tick and a note', async () => {
    const { writes, user } = setUp({
      '/api/v1/admin/member-payments': { body: page([payment({ amount_fen: 5 })]) },
      '/api/v1/admin/member-payments/p1/decision': { body: payment({ status: 'confirmed' }) },
    });
    renderWithProviders(
      <OfflinePaymentQueue
        filter={{ status: 'submitted', page: 1, page_size: 20 }}
        onFilterChange={() => undefined}
      />,
    );
    expect(await screen.findByText('应缴 ¥1,234.50，差额 -¥1,234.45')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '确认 海南会员测试单位 · 2026 年度' }));
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(/凭证金额 ¥0\.05，该年度应缴会费 ¥1,234\.50/),
    ).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: /确\s*认/ }));
    expect(await within(dialog).findByText('请勾选确认金额差异')).toBeInTheDocument();
    expect(within(dialog).getByText('请说明为何接受该金额')).toBeInTheDocument();
    expect(writes()).toHaveLength(0);

    await user.click(within(dialog).getByRole('checkbox', { name: /我已核实金额差异/ }));
    await user.type(within(dialog).getByRole('textbox', { name: '说明' }), '理事会批准减免');
    await user.click(within(dialog).getByRole('button', { name: /确\s*认/ }));
    await waitFor(() => expect(writes()).toHaveLength(1));
    expect(await bodyOf(writes()[0])).toEqual({
      decision: 'confirm',
      accept_amount_difference: true,
      note: '理事会批准减免',
    });
  });

  it('rejects an offline payment with a reason', async () => {
    const { writes, user } = setUp({
      '/api/v1/admin/member-payments': { body: page([payment()]) },
      '/api/v1/admin/member-payments/p1/decision': { body: payment({ status: 'rejected' }) },
    });
    renderWithProviders(
      <OfflinePaymentQueue
        filter={{ status: 'submitted', page: 1, page_size: 20 }}
        onFilterChange={() => undefined}
      />,
    );
    await user.click(
      await screen.findByRole('button', { name: '驳回 海南会员测试单位 · 2026 年度' }),
    );
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('驳回原因'), '金额与到账不符');
    await user.click(within(dialog).getByRole('button', { name: /驳\s*回/ }));
    expect(await screen.findByText('已驳回线下缴费')).toBeInTheDocument();
    expect(await bodyOf(writes()[0])).toEqual({ decision: 'reject', reason: '金额与到账不符' });
  });

  const flagged = (overrides: Parameters<typeof payment>[0] = {}) =>
    payment({
      channel: 'wechat_native',
      status: 'flagged',
      out_trade_no: 'KTP20261125000001',
      gateway_transaction_id: '4200000001202611250000000001',
      paid_on: null,
      payer_account: null,
      bank_serial: null,
      voucher_media_id: null,
      voucher_url: null,
      flag_reason: 'amount_mismatch',
      ...overrides,
    });
  const flaggedQueue = { status: 'flagged', page: 1, page_size: 20 };

  it('offers the flagged segment beside the offline ones', async () => {
    const onFilterChange = vi.fn();
    const { user } = setUp({ '/api/v1/admin/member-payments': { body: page([payment()]) } });
    renderWithProviders(
      <OfflinePaymentQueue
        filter={{ status: 'submitted', page: 2, page_size: 20 }}
        onFilterChange={onFilterChange}
      />,
    );
    await screen.findByRole('link', { name: /查看凭证/ });
    await user.click(screen.getByText('待核查'));
    expect(onFilterChange).toHaveBeenCalledWith({ status: 'flagged', page: 1, page_size: 20 });
  });

  it('lists flagged online payments and confirms one once the merchant platform has the money', async () => {
    const { requests, writes, user } = setUp({
      '/api/v1/admin/member-payments': {
        body: page([
          flagged(),
          flagged({
            id: 'p2',
            year: 2027,
            channel: 'alipay_page',
            out_trade_no: 'KTP20261125000002',
            flag_reason: 'app_mismatch',
          }),
          flagged({
            id: 'p3',
            year: 2025,
            out_trade_no: 'KTP20261125000003',
            flag_reason: 'duplicate_payment',
          }),
        ]),
      },
      '/api/v1/admin/member-payments/p1/decision': { body: flagged({ status: 'paid' }) },
    });
    renderWithProviders(
      <OfflinePaymentQueue filter={flaggedQueue} onFilterChange={() => undefined} />,
    );
    const row = (await screen.findByText('KTP20261125000001')).closest('tr')!;
    expect(new URL(requests[0]!.url).searchParams.get('status')).toBe('flagged');
    expect(within(row).getByText('微信支付（扫码）')).toBeInTheDocument();
    expect(within(row).getByText('金额不符')).toBeInTheDocument();
    expect(within(row).getByText('¥1,234.50')).toBeInTheDocument();
    expect(screen.getByText('支付宝（网页）')).toBeInTheDocument();
    expect(screen.getByText('商户或应用不符')).toBeInTheDocument();
    expect(screen.getByText('重复支付（需退款）')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /查看凭证/ })).not.toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: '商户订单号' })).toBeInTheDocument();

    await user.click(
      within(row).getByRole('button', { name: '确认 海南会员测试单位 · 2026 年度' }),
    );
    const confirm = await screen.findByRole('tooltip');
    expect(within(confirm).getByText('确认商户平台已收到这笔款项？')).toBeInTheDocument();
    expect(
      within(confirm).getByText(/订单 KTP20261125000001 已实际到账 ¥1,234.50/),
    ).toBeInTheDocument();
    await user.click(within(confirm).getByRole('button', { name: /确\s*认/ }));
    expect(await screen.findByText('已确认到账，缴费已标记为已支付')).toBeInTheDocument();
    expect(writes().map((r) => new URL(r.url).pathname)).toEqual([
      '/api/v1/admin/member-payments/p1/decision',
    ]);
    expect(await bodyOf(writes()[0])).toEqual({ decision: 'confirm' });
  });

  it('closes a flagged payment only with a reason', async () => {
    const { writes, user } = setUp({
      '/api/v1/admin/member-payments': {
        body: page([flagged({ flag_reason: 'duplicate_payment' })]),
      },
      '/api/v1/admin/member-payments/p1/decision': { body: flagged({ status: 'closed' }) },
    });
    renderWithProviders(
      <OfflinePaymentQueue filter={flaggedQueue} onFilterChange={() => undefined} />,
    );
    await user.click(
      await screen.findByRole('button', { name: '关闭 海南会员测试单位 · 2026 年度' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('关闭待核查的在线缴费')).toBeInTheDocument();
    expect(within(dialog).getByText(/请在支付商户平台办理退款/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: /关\s*闭/ }));
    expect(await within(dialog).findByText('请填写关闭原因')).toBeInTheDocument();
    expect(writes()).toHaveLength(0);
    await user.type(within(dialog).getByLabelText('关闭原因'), '重复支付，已原路退款');
    await user.click(within(dialog).getByRole('button', { name: /关\s*闭/ }));
    expect(await screen.findByText('已关闭该笔缴费')).toBeInTheDocument();
    expect(await bodyOf(writes()[0])).toEqual({
      decision: 'reject',
      reason: '重复支付，已原路退款',
    });
  });

  it('says so when the year was settled meanwhile', async () => {
    const { user } = setUp({
      '/api/v1/admin/member-payments': { body: page([flagged()]) },
      '/api/v1/admin/member-payments/p1/decision': problemReply(409, {
        code: 'dues_already_paid',
        title: '该年度会费已缴清',
      }),
    });
    renderWithProviders(
      <OfflinePaymentQueue filter={flaggedQueue} onFilterChange={() => undefined} />,
    );
    await user.click(
      await screen.findByRole('button', { name: '确认 海南会员测试单位 · 2026 年度' }),
    );
    await user.click(
      within(await screen.findByRole('tooltip')).getByRole('button', { name: /确\s*认/ }),
    );
    expect(await screen.findByText('该年度会费已缴清')).toBeInTheDocument();
  });

  it('shows an auditor a pending registration without approve or reject', async () => {
    const { writes } = setUp({
      '/api/v1/admin/memberships/m1': { body: membership({ status: 'pending', level: null }) },
    });
    renderWithProviders(
      <MemberReviewDetail membershipId="m1" onDecided={() => undefined} readOnly />,
    );
    expect(await screen.findByText('海南会员测试单位')).toBeInTheDocument();
    expect(screen.getByText('审计员只读')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /通\s*过/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /驳\s*回/ })).not.toBeInTheDocument();
    expect(writes()).toHaveLength(0);
  });

  it('shows an auditor an approved member’s details, nothing to change', async () => {
    setUp({ '/api/v1/admin/memberships/m1': { body: membership() } });
    renderWithProviders(
      <MemberReviewDetail membershipId="m1" onDecided={() => undefined} readOnly />,
    );
    expect(await screen.findByLabelText('单位名称')).toBeDisabled();
    expect(screen.getByText('审计员只读')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /保\s*存/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /重置/ })).not.toBeInTheDocument();
  });

  it('lists offline payments to an auditor without confirm or reject', async () => {
    const { writes } = setUp({ '/api/v1/admin/member-payments': { body: page([payment()]) } });
    renderWithProviders(
      <OfflinePaymentQueue
        filter={{ status: 'submitted', page: 1, page_size: 20 }}
        onFilterChange={() => undefined}
        readOnly
      />,
    );
    const row = (await screen.findByRole('link', { name: /查看凭证/ })).closest('tr')!;
    expect(screen.getByText('审计员只读')).toBeInTheDocument();
    expect(within(row).queryByRole('button')).not.toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: '操作' })).not.toBeInTheDocument();
    expect(writes()).toHaveLength(0);
  });

  it('shows an auditor the flagged segment without confirm or close', async () => {
    setUp({ '/api/v1/admin/member-payments': { body: page([flagged()]) } });
    renderWithProviders(
      <OfflinePaymentQueue filter={flaggedQueue} onFilterChange={() => undefined} readOnly />,
    );
    const row = (await screen.findByText('KTP20261125000001')).closest('tr')!;
    expect(screen.getByText('审计员只读')).toBeInTheDocument();
    expect(within(row).queryByRole('button', { name: /确认|关闭/ })).not.toBeInTheDocument();
  });

  it('shows a duplicate name under the field when adding a level', async () => {
    const { user } = setUp({});
    stubApi({
      '/api/v1/admin/member-vocabularies/level': (request) =>
        request.method === 'GET'
          ? { body: levels }
          : problemReply(409, { code: 'already_exists', title: '名称已存在' }),
      '/api/v1/admin/member-fees': { body: [] },
    });
    renderWithProviders(<MembershipSettings canEdit />);
    await user.click(await screen.findByRole('tab', { name: '会员等级' }));
    await user.click(await screen.findByRole('button', { name: /新\s*增/ }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('名称'), '理事单位');
    await user.click(within(dialog).getByRole('button', { name: /保\s*存/ }));
    expect(await within(dialog).findByText('名称已存在')).toBeInTheDocument();
  });

  it("waits for the year's saved fee before a fee can be typed, then saves the typed one", async () => {
    const year = new Date().getFullYear();
    let answerFees: () => void = () => undefined;
    const feesAnswered = new Promise<void>((resolve) => (answerFees = resolve));
    const saved = { level_id: 'lv-council', year, amount_fen: 500_000 };
    const { writes, user } = setUp({
      '/api/v1/admin/member-fees': async (request) => {
        if (request.method === 'PUT') return { body: { ...saved, amount_fen: 523_450 } };
        await feesAnswered;
        return { body: [saved] };
      },
    });
    renderWithProviders(<MembershipSettings canEdit />);
    const field = await screen.findByLabelText(`理事单位 ${year} 年度会费（元）`);
    const save = screen.getByLabelText(`保存理事单位 ${year} 年度会费`);
    expect(field).toBeDisabled();
    expect(save).toBeDisabled();

    answerFees();
    await waitFor(() => expect(field).toHaveValue('5000.00'));
    expect(field).toBeEnabled();
    expect(save).toBeDisabled(); // the saved fee, unchanged
    await user.clear(field);
    await user.type(field, '5234.5');
    await user.click(save);
    await waitFor(() => expect(writes()).toHaveLength(1));
    expect(await bodyOf(writes()[0])).toEqual({
      level_id: 'lv-council',
      year,
      amount_fen: 523_450,
    });
  });

  it('lets other operators read the settings without changing them', async () => {
    setUp({ '/api/v1/admin/member-fees': { body: [] } });
    renderWithProviders(<MembershipSettings canEdit={false} />);
    expect(await screen.findByText('只有超级管理员可以修改会员设置。')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /保\s*存/ })).not.toBeInTheDocument();
  });
});
