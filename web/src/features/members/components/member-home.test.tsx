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

import type { Membership } from '../api/get-membership';
import {
  completeProfile,
  dues,
  FakeMediaInput,
  levels,
  membership,
  page,
  payment,
} from '../testing/fixtures';
import { DuesList } from './dues-list';
import { MemberHome, type MemberTab } from './member-home';
import { PaymentRecords } from './payment-records';
import { WeChatBinding } from './wechat-binding';

vi.mock('qrcode', () => ({
  default: { toDataURL: vi.fn(async () => 'data:image/png;base64,QR') },
}));

function renderHome(
  shown: Membership,
  routes: Record<string, Route>,
  { tab = 'profile' as MemberTab, canManage = true } = {},
) {
  startSession('token-1');
  const stub = stubApi(routes);
  renderWithProviders(
    <MemberHome
      orgId="o1"
      membership={shown}
      canManage={canManage}
      tab={tab}
      onTabChange={() => undefined}
      MediaInput={FakeMediaInput}
    />,
    { path: '/membership' },
  );
  const writes = () => stub.requests.filter((r) => r.method !== 'GET');
  return { ...stub, writes, user: userEvent.setup() };
}

/**
 * The dues and records tabs on their own: under jsdom, antd's Tabs around an opening Modal
 * never settles, so these render without the tab strip (the e2e test covers them together).
 */
function renderTab(tab: 'dues' | 'payments', routes: Record<string, Route>) {
  startSession('token-1');
  const stub = stubApi(routes);
  renderWithProviders(
    tab === 'dues' ? (
      <DuesList orgId="o1" membership={membership()} canManage MediaInput={FakeMediaInput} />
    ) : (
      <PaymentRecords orgId="o1" canManage MediaInput={FakeMediaInput} />
    ),
    { path: '/membership' },
  );
  const writes = () => stub.requests.filter((r) => r.method !== 'GET');
  return { ...stub, writes, user: userEvent.setup() };
}

/** The 403 of an act that needs the member sign-in (password and WeChat), to an SMS session. */
const memberSignInRequired = problemReply(403, {
  code: 'member_sign_in_required',
  title: '请使用会员账号密码并通过微信扫码登录后再进行此操作',
});

const incomplete = membership({
  level: levels[1]!,
  profile: {},
  profile_complete: false,
  missing: ['contact_email', 'phone', 'council_representatives'],
});

describe('MemberHome', () => {
  it('says a pending registration is under review', () => {
    renderHome(membership({ status: 'pending' }), {});
    expect(screen.getByText('注册信息审核中')).toBeInTheDocument();
    expect(screen.queryByRole('tab')).not.toBeInTheDocument();
  });

  it('walks an incomplete council member through contact, unit and representatives', async () => {
    const afterContact = {
      ...incomplete,
      profile: { contact_email: 'a@example.com' },
      missing: ['phone', 'council_representatives'],
    };
    const { writes, user } = renderHome(incomplete, {
      '/api/v1/orgs/o1/membership/profile': [
        problemReply(422, {
          code: 'validation_failed',
          title: '提交的信息有误',
          errors: [{ field: 'profile.contact_email', code: 'email', message: '邮箱格式不正确' }],
        }),
        { body: afterContact },
      ],
    });

    expect(screen.getByText('完善会员信息')).toBeInTheDocument();
    expect(screen.getByText(/尚需填写：邮箱、固定电话、理事人选/)).toBeInTheDocument();
    const email = screen.getByLabelText('邮箱');
    await user.type(email, 'a@example');
    await user.click(screen.getByRole('button', { name: '保存并继续' }));
    // Said in the page, in its language (never the browser's bubble), before any request.
    expect(await screen.findByText('请输入正确的邮箱，如 name@example.com')).toBeInTheDocument();
    expect(writes()).toHaveLength(0);
    expect(email).not.toHaveAttribute('type', 'email');

    await user.type(email, '.cm');
    await user.click(screen.getByRole('button', { name: '保存并继续' }));
    // The server's message lands under the field, whatever its prefix.
    expect(await screen.findByText('邮箱格式不正确')).toBeInTheDocument();

    await user.clear(email);
    await user.type(email, 'a@example.com');
    await user.click(screen.getByRole('button', { name: '保存并继续' }));
    // On to the unit step; the whole profile went, with the contact name kept.
    expect(await screen.findByLabelText('法人出生日期')).toBeInTheDocument();
    const sent = (await bodyOf(writes()[1])) as {
      profile: Record<string, unknown>;
      contact_name: string;
    };
    expect(sent.contact_name).toBe('张联系');
    expect(sent.profile.contact_email).toBe('a@example.com');
    expect(screen.getByText('单位名称').closest('.ant-form-item')).toHaveTextContent(
      '如需修改请联系协会秘书处',
    );
  });

  it('takes a bare domain as the website, as typed', async () => {
    const onUnitStep = membership({
      ...incomplete,
      level: levels[0]!,
      profile: completeProfile,
      missing: ['website'],
    });
    const { writes, user } = renderHome(onUnitStep, {
      '/api/v1/orgs/o1/membership/profile': { body: membership() },
    });
    const website = await screen.findByLabelText('网站域名');
    expect(website).not.toHaveAttribute('type', 'url');

    await user.type(website, 'not a site');
    await user.click(screen.getByRole('button', { name: /^保存并(继续|完成)$/ }));
    expect(await screen.findByText('请输入网站域名，如 www.example.com.cn')).toBeInTheDocument();
    expect(writes()).toHaveLength(0);

    await user.clear(website);
    await user.type(website, 'www.example.com.cn');
    await user.click(screen.getByRole('button', { name: /^保存并(继续|完成)$/ }));
    await waitFor(() => expect(writes()).toHaveLength(1));
    const sent = (await bodyOf(writes()[0])) as { profile: Record<string, unknown> };
    expect(sent.profile.website).toBe('www.example.com.cn');
  });

  it('saves a draft without the required checks', async () => {
    const { writes, user } = renderHome(incomplete, {
      '/api/v1/orgs/o1/membership/profile': { body: incomplete },
    });
    await user.click(screen.getByRole('button', { name: '保存草稿' }));
    expect(await screen.findByText('草稿已保存')).toBeInTheDocument();
    expect(writes()).toHaveLength(1);
  });

  it('adds a council representative', async () => {
    const rep = { id: 'r1', name: '李理事', position: '总经理', mobile: '137****0003' };
    const onCouncilStep = membership({
      ...incomplete,
      profile: completeProfile,
      missing: ['council_representatives'],
    });
    const { writes, user } = renderHome(onCouncilStep, {
      '/api/v1/orgs/o1/membership/council-representatives': {
        status: 201,
        body: { ...onCouncilStep, council_representatives: [rep], missing: [] },
      },
      '/api/v1/orgs/o1/membership/council-representatives/r1': { body: onCouncilStep },
    });
    expect(await screen.findByText('尚未添加理事人选')).toBeInTheDocument();
    await user.type(screen.getByLabelText('姓名'), '李理事');
    await user.type(screen.getByLabelText('职务'), '总经理');
    await user.type(screen.getByLabelText('手机号'), '13700000003');
    await user.click(screen.getByRole('button', { name: /添加理事人选/ }));
    await waitFor(() => expect(writes()).toHaveLength(1));
    expect(await bodyOf(writes()[0])).toEqual({
      name: '李理事',
      position: '总经理',
      mobile: '13700000003',
    });
  });

  it('lists the dues and submits an offline payment in fen', async () => {
    const { writes, user } = renderTab('dues', {
      '/api/v1/orgs/o1/membership/dues': { body: dues },
      '/api/v1/orgs/o1/membership/offline-payments': { status: 201, body: payment() },
    });
    expect(await screen.findByText('¥800.00')).toBeInTheDocument();
    expect(screen.getByText('¥1,234.50')).toBeInTheDocument();
    expect(screen.getByText('已缴费')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '线下缴纳 2027 年度会费' }));

    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText('缴费金额（元）')).toHaveValue('800.00');
    await user.clear(within(dialog).getByLabelText('缴费金额（元）'));
    await user.type(within(dialog).getByLabelText('缴费金额（元）'), '800.1');
    await user.type(within(dialog).getByLabelText('缴费日期'), '2026-11-25');
    await user.type(within(dialog).getByLabelText('付款账号'), '6222000011112222');
    await user.type(within(dialog).getByLabelText('银行流水号'), 'SN0001');
    await user.type(within(dialog).getByLabelText('缴费凭证'), 'media-1');
    await user.click(within(dialog).getByRole('button', { name: /提\s*交/ }));

    expect(await screen.findByText('已提交，等待管理员确认')).toBeInTheDocument();
    expect(await bodyOf(writes()[0])).toEqual({
      year: 2027,
      amount_fen: 80_010,
      paid_on: '2026-11-25',
      payer_account: '6222000011112222',
      bank_serial: 'SN0001',
      voucher_media_id: 'media-1',
    });
  });

  it('says what to do when no level is set yet', async () => {
    renderHome(
      membership({ level: null }),
      {
        '/api/v1/orgs/o1/membership/dues': { body: { level: null, years: [] } },
      },
      { tab: 'dues' },
    );
    expect(await screen.findByText(/尚未设定会员等级/)).toBeInTheDocument();
  });

  it('withdraws an unconfirmed offline payment after a confirmation, and downloads a receipt', async () => {
    const createObjectURL = vi.fn(() => 'blob:receipt');
    URL.createObjectURL = createObjectURL;
    URL.revokeObjectURL = vi.fn();
    const confirmed = payment({
      id: 'p2',
      year: 2025,
      status: 'confirmed',
      receipt_no: 'KTR1',
      receipt_url: '/x',
    });
    const { requests, user } = renderTab('payments', {
      '/api/v1/orgs/o1/membership/payments': { body: page([payment(), confirmed]) },
      '/api/v1/orgs/o1/membership/offline-payments/p1': { status: 204 },
      '/api/v1/orgs/o1/membership/payments/p2/receipt.pdf': {
        body: 'PDF',
        contentType: 'application/pdf',
        headers: { 'Content-Disposition': 'attachment; filename="receipt-KTR1.pdf"' },
      },
    });
    expect(await screen.findByText('待确认')).toBeInTheDocument();
    expect(screen.getAllByText('线下转账')).toHaveLength(2);

    await user.click(screen.getByRole('button', { name: /撤\s*回/ }));
    expect(await screen.findByText('确定撤回这笔线下缴费？')).toBeInTheDocument();
    await user.click(within(screen.getByRole('tooltip')).getByRole('button', { name: /撤\s*回/ }));
    await waitFor(() =>
      expect(
        requests.some((r) => r.method === 'DELETE' && r.url.endsWith('/offline-payments/p1')),
      ).toBe(true),
    );

    await user.click(screen.getByRole('button', { name: '下载 2025 年度会费收据' }));
    await waitFor(() => expect(createObjectURL).toHaveBeenCalled());
    const download = requests.find((r) => r.url.endsWith('/receipt.pdf'))!;
    expect(download.headers.get('Authorization')).toBe('Bearer token-1');
  });

  it('pays online by the WeChat QR code, asking every 3 s until paid', async () => {
    const pending = payment({
      id: 'p9',
      year: 2027,
      amount_fen: 80_000,
      channel: 'wechat_native',
      status: 'pending',
    });
    const { requests, user } = renderTab('dues', {
      '/api/v1/orgs/o1/membership/dues': { body: dues },
      '/api/v1/orgs/o1/membership/payments': {
        status: 201,
        body: { payment: pending, code_url: 'weixin://wxpay/bizpayurl?pr=abc' },
      },
      '/api/v1/orgs/o1/membership/payments/p9/refresh': [
        { body: pending },
        { body: { ...pending, status: 'paid', receipt_no: 'KTR2' } },
      ],
    });
    await user.click(await screen.findByRole('button', { name: '在线缴纳 2027 年度会费' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: /去支付/ }));

    expect(await within(dialog).findByRole('img', { name: '微信支付二维码' })).toBeInTheDocument();
    const order = requests.find(
      (r) => r.method === 'POST' && r.url.endsWith('/membership/payments'),
    )!;
    expect(await bodyOf(order)).toEqual({ year: 2027, channel: 'wechat_native' });
    expect(order.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{32,36}$/);

    expect(
      await within(dialog).findByText('缴费成功', {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(requests.filter((r) => r.url.endsWith('/refresh'))).toHaveLength(2);
  }, 30_000);

  it('sends a session without the member sign-in to sign in as the member before paying online', async () => {
    const { user } = renderTab('dues', {
      '/api/v1/orgs/o1/membership/dues': { body: dues },
      '/api/v1/orgs/o1/membership/payments': memberSignInRequired,
    });
    await user.click(await screen.findByRole('button', { name: '在线缴纳 2027 年度会费' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: /去支付/ }));

    const alert = (
      await within(dialog).findByText('请以会员身份登录后再操作')
    ).closest<HTMLElement>('[role=alert]')!;
    expect(alert).toHaveTextContent(/短信验证码登录不能进行此操作/);
    expect(within(alert).getByRole('link', { name: '去会员登录' })).toHaveAttribute(
      'href',
      '/membership/login',
    );
  });

  it('sends a session without the member sign-in to sign in as the member before unbinding WeChat', async () => {
    startSession('token-1');
    stubApi({ '/api/v1/orgs/o1/membership/wechat': memberSignInRequired });
    renderWithProviders(<WeChatBinding orgId="o1" membership={membership()} canManage />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: '解绑微信' }));
    const confirm = await screen.findByRole('tooltip');
    await user.click(within(confirm).getByRole('button', { name: '解绑微信' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('请以会员身份登录后再操作');
    expect(within(alert).getByRole('link', { name: '去会员登录' })).toHaveAttribute(
      'href',
      '/membership/login',
    );
  });

  it('lets staff read but not change', async () => {
    renderHome(membership(), {}, { canManage: false });
    expect(
      screen.getAllByText('只有企业所有者或管理员可以修改会员信息和缴费。').length,
    ).toBeGreaterThan(0);
    expect(screen.queryByRole('button', { name: '保存修改' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '解绑微信' })).not.toBeInTheDocument();
  });
});
