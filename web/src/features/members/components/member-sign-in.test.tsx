import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  bodyOf,
  problemReply,
  renderWithProviders,
  stubApi,
  type Route,
} from '@/testing/test-utils';
import { goToUrl } from '@/utils/go-to-url';

import { MemberSignIn } from './member-sign-in';

vi.mock('@/utils/go-to-url', () => ({ goToUrl: vi.fn() }));

const inWeChat =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN';

const challenge = (bound: boolean) => ({
  body: { challenge: 'ch-1', wechat_bound: bound, expires_at: '2026-11-30T08:10:00Z' },
});

function renderSignIn(routes: Record<string, Route>, memberError?: string) {
  const stub = stubApi(routes);
  renderWithProviders(<MemberSignIn memberError={memberError} />, { path: '/membership/login' });
  return { ...stub, user: userEvent.setup() };
}

async function submit(user: ReturnType<typeof userEvent.setup>, account = '91460100ma5tdem28d') {
  await user.type(screen.getByLabelText('账号'), account);
  await user.type(screen.getByLabelText('密码'), 'Member#2026x');
  await user.click(screen.getByRole('button', { name: '下一步' }));
}

describe('MemberSignIn', () => {
  beforeEach(() => vi.mocked(goToUrl).mockReset());
  afterEach(() => vi.restoreAllMocks());

  it('binds a WeChat on the first sign-in: password, then the QR scan page', async () => {
    const { requests, user } = renderSignIn({
      '/api/v1/member-auth/sign-in': challenge(false),
      '/api/v1/member-auth/wechat': {
        body: { authorize_url: '/sandbox/wechat/connect/qrconnect?x' },
      },
    });
    await submit(user);

    expect(await screen.findByText('首次登录：请扫码绑定微信')).toBeInTheDocument();
    expect(screen.getByText(/之后每次登录都须使用该微信扫码/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /微信扫码验证/ }));

    await vi.waitFor(() =>
      expect(goToUrl).toHaveBeenCalledWith('/sandbox/wechat/connect/qrconnect?x'),
    );
    expect(await bodyOf(requests[0])).toEqual({
      account: '91460100MA5TDEM28D',
      password: 'Member#2026x',
    });
    expect(await bodyOf(requests[1])).toEqual({ challenge: 'ch-1', channel: 'wechat' });
    // The member sign-in carries no bearer token: its 401 is a wrong password.
    expect(requests[0]!.headers.get('Authorization')).toBeNull();
  });

  it('uses the official-account login inside WeChat, with the bound WeChat', async () => {
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(inWeChat);
    const { requests, user } = renderSignIn({
      '/api/v1/member-auth/sign-in': challenge(true),
      '/api/v1/member-auth/wechat': { body: { authorize_url: 'https://open.weixin.qq.com/x' } },
    });
    await submit(user, '13800000002');
    expect(await screen.findByText('请使用已绑定的微信扫码')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /使用微信验证/ }));
    await vi.waitFor(() => expect(goToUrl).toHaveBeenCalled());
    expect(await bodyOf(requests[1])).toEqual({ challenge: 'ch-1', channel: 'wechat_h5' });
  });

  it('explains in a phone browser that the QR code cannot be scanned from the same screen', async () => {
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    );
    const { user } = renderSignIn({ '/api/v1/member-auth/sign-in': challenge(true) });
    await submit(user);

    expect(await screen.findByText('手机浏览器中无法用本机扫码')).toBeInTheDocument();
    expect(screen.getByText(/在微信中打开/)).toBeInTheDocument();
    expect(screen.getByText(`${window.location.origin}/membership/login`)).toBeInTheDocument();
    // Another phone may still scan it.
    expect(screen.getByRole('button', { name: /微信扫码验证/ })).toBeInTheDocument();
  });

  it('says nothing of it on a computer', async () => {
    const { user } = renderSignIn({ '/api/v1/member-auth/sign-in': challenge(true) });
    await submit(user);
    expect(await screen.findByText('请使用已绑定的微信扫码')).toBeInTheDocument();
    expect(screen.queryByText('手机浏览器中无法用本机扫码')).not.toBeInTheDocument();
  });

  it('tells a pending unit it is under review, and a rejected one why', async () => {
    const { user } = renderSignIn({
      '/api/v1/member-auth/sign-in': [
        problemReply(409, { code: 'membership_pending', title: '审核中' }),
        problemReply(409, {
          code: 'membership_rejected',
          title: '未通过',
          detail: '营业执照不清晰',
        }),
      ],
    });
    await submit(user);
    expect(await screen.findByText('正在审核中')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '下一步' }));
    expect(await screen.findByText('注册未通过审核')).toBeInTheDocument();
    expect(screen.getByText(/原因：营业执照不清晰/)).toBeInTheDocument();
  });

  it('tells a member whose contact mobile was never proven to ask the association', async () => {
    const { user } = renderSignIn({
      '/api/v1/member-auth/sign-in': problemReply(409, {
        code: 'member_account_unproven',
        title: '该会员的联系人手机号尚未验证，请联系协会工作人员核实后再登录',
        detail: '联系人手机号未经短信验证：请联系协会工作人员核实后再登录。',
      }),
    });
    await submit(user);
    expect(
      await screen.findByText('该会员的联系人手机号尚未验证，请联系协会工作人员核实后再登录'),
    ).toBeInTheDocument();
    expect(screen.getByText(/请联系协会秘书处核实联系人手机号后再登录/)).toBeInTheDocument();
  });

  it('points a wrong password to the status look-up', async () => {
    const { user } = renderSignIn({
      '/api/v1/member-auth/sign-in': problemReply(401, {
        code: 'member_invalid_credentials',
        title: '账号或密码错误',
      }),
      '/api/v1/auth/refresh': problemReply(401, { code: 'unauthorized', title: '未登录' }),
    });
    await submit(user);
    expect(await screen.findByText('账号或密码错误')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '查询审核进度' })).toHaveAttribute(
      'href',
      '/membership/status',
    );
  });

  it('explains a WeChat that is not the bound one, in plain words', async () => {
    renderSignIn({}, 'wechat_mismatch');
    expect(await screen.findByText('扫码的微信与绑定的微信不一致')).toBeInTheDocument();
    expect(screen.getByText(/请使用首次登录时绑定的微信扫码/)).toBeInTheDocument();
  });

  it('starts again when the challenge expired before the scan', async () => {
    const { user } = renderSignIn({
      '/api/v1/member-auth/sign-in': challenge(true),
      '/api/v1/member-auth/wechat': problemReply(401, {
        code: 'member_challenge_invalid',
        title: '验证已失效',
      }),
    });
    await submit(user);
    await user.click(await screen.findByRole('button', { name: /微信扫码验证/ }));
    expect(await screen.findByText('验证已过期，请重新输入账号密码')).toBeInTheDocument();
    expect(screen.getByLabelText('账号')).toBeInTheDocument();
    expect(goToUrl).not.toHaveBeenCalled();
  });
});
