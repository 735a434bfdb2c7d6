import { useMutation } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

/** `wechat_h5` inside WeChat on a phone (official-account auth), else the PC QR code. */
export type WeChatChannel = 'wechat' | 'wechat_h5';

export function weChatChannel(userAgent: string = navigator.userAgent): WeChatChannel {
  return /MicroMessenger/i.test(userAgent) ? 'wechat_h5' : 'wechat';
}

/**
 * POST /member-auth/wechat: trades the challenge for WeChat's authorisation address; the
 * caller sends the browser there. 401 `member_challenge_invalid` when it expired or was used.
 */
export function useStartMemberWeChat() {
  return useMutation({
    mutationFn: async (body: { challenge: string; channel: WeChatChannel }) =>
      unwrap(await api.POST('/api/v1/member-auth/wechat', { body })).authorize_url,
  });
}
