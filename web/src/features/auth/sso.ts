// What the SPA needs to know about SSO providers beyond what the API lists: which of them
// belong in this browser, and which identity each one signs in with.

import type { TFunction } from 'i18next';

import type { SsoProvider } from './api/get-sso-providers';

/** The WeChat app's built-in browser says so in its user agent. */
export function isInsideWeChat(userAgent: string = navigator.userAgent): boolean {
  return /MicroMessenger/i.test(userAgent);
}

/**
 * The providers whose sign-in works in this browser: the WeChat H5 login only inside the
 * WeChat app, the WeChat QR login (a code to scan with the phone) only outside it.
 */
export function providersForBrowser(
  providers: readonly SsoProvider[],
  insideWeChat: boolean,
): SsoProvider[] {
  return providers.filter((p) => (insideWeChat ? p.provider !== 'wechat' : !p.inside_wechat_only));
}

/**
 * The identity a provider signs in with, as `/me/identities` names it: the QR and H5 logins
 * of one WeChat user are one identity (the API's `Provider::identity_key`).
 */
export function identityKeyOf(provider: string): string {
  return provider === 'wechat_h5' ? 'wechat' : provider;
}

const knownIdentities = ['wechat', 'dingtalk', 'hainan_gov', 'oidc'] as const;

/** 微信, 钉钉, 海易办, …: the name of the kind of account an identity is. */
export function identityName(t: TFunction, key: string): string {
  return (knownIdentities as readonly string[]).includes(key) ? t(`sso.names.${key}`) : key;
}

const knownErrors = [
  'denied',
  'state_invalid',
  'provider_error',
  'identity_bound_elsewhere',
  'provider_already_linked',
] as const;

/** The `sso_error` the API's callback put in the address, in words. */
export function ssoErrorText(t: TFunction, code: string): string {
  return (knownErrors as readonly string[]).includes(code)
    ? t(`sso.errors.${code}`)
    : t('sso.errors.unknown');
}
