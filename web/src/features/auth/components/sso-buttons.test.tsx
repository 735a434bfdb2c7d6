import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ssoProviders } from '@/testing/fixtures';
import { problemReply, renderWithProviders, stubApi } from '@/testing/test-utils';
import { goToUrl } from '@/utils/go-to-url';

import { ssoProvidersQueryKey } from '../api/get-sso-providers';
import { SsoButtons } from './sso-buttons';

vi.mock('@/utils/go-to-url', () => ({ goToUrl: vi.fn() }));

const weChatBrowser =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN';

function renderButtons(next?: string) {
  renderWithProviders(<SsoButtons next={next} />);
  return userEvent.setup();
}

describe('other ways to sign in', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.mocked(goToUrl).mockReset();
  });

  it('offers the WeChat QR login, not the in-app one, in an ordinary browser', async () => {
    stubApi({ '/api/v1/auth/sso/providers': { body: ssoProviders } });
    renderButtons();

    // Named by their text alone: the icons are decorative ("wechat 微信扫码登录" was the bug).
    expect(await screen.findByRole('button', { name: '微信扫码登录' })).toBeInTheDocument();
    expect(screen.getByText('其他登录方式')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '钉钉登录' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '海易办登录' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^微信登录$/ })).not.toBeInTheDocument();
  });

  it('offers the in-app WeChat login, not the QR one, inside WeChat', async () => {
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(weChatBrowser);
    stubApi({ '/api/v1/auth/sso/providers': { body: ssoProviders } });
    renderButtons();

    expect(await screen.findByRole('button', { name: /微信登录/ })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /微信扫码登录/ })).not.toBeInTheDocument();
  });

  it('starts a sign-in without a token, keeping next, and leaves for the provider', async () => {
    const { requests } = stubApi({
      '/api/v1/auth/sso/providers': { body: ssoProviders },
      '/api/v1/auth/sso/wechat/authorize': {
        body: { authorize_url: '/sandbox/wechat/connect/qrconnect?appid=ketang&state=s1' },
      },
    });
    const user = renderButtons('/user-center');

    const weChat = await screen.findByRole('button', { name: /微信扫码登录/ });
    await user.click(weChat);

    await waitFor(() =>
      expect(goToUrl).toHaveBeenCalledWith(
        'http://localhost:3000/sandbox/wechat/connect/qrconnect?appid=ketang&state=s1',
      ),
    );
    const start = requests.find((r) => r.url.includes('/auth/sso/wechat/authorize'))!;
    expect(new URL(start.url).searchParams.get('next')).toBe('/user-center');
    expect(start.headers.get('Authorization')).toBeNull();
    // Busy until the browser has gone; the others wait.
    expect(weChat).toHaveClass('ant-btn-loading');
    expect(screen.getByRole('button', { name: /钉钉登录/ })).toBeDisabled();
  });

  it('shows why a sign-in could not start', async () => {
    stubApi({
      '/api/v1/auth/sso/providers': { body: ssoProviders },
      '/api/v1/auth/sso/dingtalk/authorize': problemReply(503, {
        code: 'unavailable',
        title: '服务暂时不可用，请稍后再试',
      }),
    });
    const user = renderButtons();

    await user.click(await screen.findByRole('button', { name: /钉钉登录/ }));

    expect(await screen.findByRole('alert')).toHaveTextContent('服务暂时不可用，请稍后再试');
    expect(goToUrl).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: /钉钉登录/ })).toBeEnabled();
  });

  it('shows nothing when no provider is configured', async () => {
    stubApi({ '/api/v1/auth/sso/providers': { body: [] } });
    const { queryClient } = renderWithProviders(<SsoButtons />);

    await waitFor(() =>
      expect(queryClient.getQueryState(ssoProvidersQueryKey)?.status).toBe('success'),
    );
    expect(screen.queryByText('其他登录方式')).not.toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
