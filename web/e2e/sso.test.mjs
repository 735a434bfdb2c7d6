// SSO sign-in against the real server in sandbox mode, at 1280 px and 375 px: the WeChat QR
// button of the login page, the sandbox WeChat page with a new test user (a fresh nickname
// each run, so the identity is unknown), the bind-or-create screen with a new phone, the
// linked account in the user center; then, signed out, the same WeChat account signs
// straight in without the bind screen. And a DingTalk account made without a phone, whose
// only way to sign in cannot be unlinked.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  artifacts,
  baseUrl,
  desktop,
  launch,
  newContext,
  phone as phoneViewport,
} from './browser.mjs';

// The server sends one code per phone per 60 s: a fresh number for every run and viewport.
const randomPhone = () => `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const randomNickname = () => `e2e微信用户${Math.random().toString(36).slice(2, 8)}`;
const masked = (phone) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

async function lastCode(page, phone) {
  const answer = await page.request.get(`${baseUrl}/sandbox/sms/last?phone=${phone}`);
  assert.equal(answer.status(), 200, 'the sandbox saw a code for this phone');
  return (await answer.json()).code;
}

async function horizontalOverflow(page) {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

/** From the login page to the sandbox WeChat page. */
async function startWeChat(page) {
  const other = page.getByRole('region', { name: '其他登录方式' });
  await other.getByRole('button', { name: /微信扫码登录/ }).click();
  await page.waitForURL(/\/sandbox\/wechat\/connect\/qrconnect/);
  await page.getByRole('heading', { name: '微信扫码登录' }).waitFor();
}

/** The user center's linked-accounts card shows WeChat linked, with the nickname. */
async function assertWeChatLinked(page, nickname) {
  await page.getByText('账号绑定', { exact: true }).waitFor();
  const weChat = page.getByRole('listitem', { name: '微信' });
  await weChat.getByText('已绑定').waitFor();
  await weChat.getByText(new RegExp(nickname)).waitFor();
}

describe('SSO sign-in', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  async function open(viewport, path) {
    const context = await newContext(browser, { viewport });
    const page = await context.newPage();
    const failures = [];
    page.on('pageerror', (error) => failures.push(error));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // The sandbox provider's page is not the product; its favicon may well be missing.
      if (page.url().includes('/sandbox/')) return;
      // Chromium logs every 4xx answer; those asked for here are expected (no session yet
      // at start-up: 401 from refresh). A 5xx still fails.
      if (/^Failed to load resource: .* status of 4\d\d /.test(message.text())) return;
      failures.push(`${message.text()} (${message.location().url})`);
    });
    await page.goto(baseUrl + path);
    return { context, page, failures };
  }

  /**
   * The whole journey at one width. `showAccount` reveals where the masked phone is shown
   * (the header at 1280 px, the drawer at 375 px); `signOut` signs out from there.
   */
  async function journey(viewport, name, { showAccount, signOut }) {
    const phone = randomPhone();
    const nickname = randomNickname();
    const { context, page, failures } = await open(viewport, '/user-center');

    // Signed out: the login page, with the way back to the user center kept.
    await page.getByRole('region', { name: '其他登录方式' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/user-center');
    assert.equal(await horizontalOverflow(page), 0, `the login page fits ${name}`);
    await page.screenshot({ path: `${artifacts}login-sso-${name}.png`, fullPage: true });

    // A new sandbox WeChat user: an identity the server has never seen.
    await startWeChat(page);
    await page.getByLabel(/新测试用户/).fill(nickname);
    await page.getByRole('button', { name: /创建并登录/ }).click();

    // Back on the SPA: bind a new phone (which creates the account).
    await page.getByRole('heading', { name: '完善账号信息' }).waitFor();
    const url = new URL(page.url());
    assert.equal(url.pathname, '/login/sso');
    assert.equal(url.searchParams.get('provider'), 'wechat');
    await page.getByText(/使用微信登录须绑定手机号/).waitFor();
    assert.equal(
      await page.getByRole('button', { name: /不绑定手机号/ }).count(),
      0,
      'WeChat cannot skip the phone',
    );
    assert.equal(await horizontalOverflow(page), 0, `the bind screen fits ${name}`);
    await page.getByLabel('手机号').fill(phone);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByRole('button', { name: /秒后重新获取/ }).waitFor();
    await page.getByLabel('验证码').fill(await lastCode(page, phone));
    await page.getByRole('checkbox', { name: /我已阅读并同意/ }).check();
    await page.screenshot({ path: `${artifacts}sso-bind-${name}.png`, fullPage: true });
    await page.getByRole('button', { name: '绑定并登录' }).click();

    // Signed in, in the user center, WeChat linked.
    await page.getByText('账号信息', { exact: true }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/user-center');
    assert.equal(new URL(page.url()).search, '', 'no code or ticket left in the address');
    await page.getByText(phone, { exact: true }).waitFor();
    await assertWeChatLinked(page, nickname);
    assert.equal(await horizontalOverflow(page), 0, `the user center fits ${name}`);
    await page.screenshot({ path: `${artifacts}user-center-linked-${name}.png`, fullPage: true });
    await showAccount(page, masked(phone));

    // Signed out, the same WeChat account signs straight in: no bind screen.
    await signOut(page);
    await page.goto(`${baseUrl}/login?next=%2Fuser-center`);
    await startWeChat(page);
    await page.getByRole('button', { name: nickname, exact: true }).click();
    await page.getByText('账号信息', { exact: true }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/user-center');
    await page.getByText(phone, { exact: true }).waitFor();
    await assertWeChatLinked(page, nickname);
    assert.equal(
      await page.getByRole('heading', { name: '完善账号信息' }).count(),
      0,
      'a known identity does not see the bind screen',
    );

    assert.deepEqual(failures, []);
    await context.close();
  }

  it('signs up with WeChat, binds a phone, and signs in again with it at 1280 px', async () => {
    const accountButton = (page, text) => page.getByRole('button', { name: text });
    await journey(desktop, '1280', {
      showAccount: (page, text) => accountButton(page, text).waitFor(),
      signOut: async (page) => {
        await page.locator('.header-account').click();
        await page
          .getByRole('menu', { name: '账号菜单' })
          .getByRole('menuitem', { name: /退出登录/ })
          .click();
        await page.waitForURL((url) => url.pathname === '/');
        await page.getByRole('button', { name: /^登\s*录$/ }).waitFor();
      },
    });
  });

  it('creates a DingTalk account without a phone, which cannot unlink its only sign-in', async () => {
    const nickname = randomNickname().replace('微信', '钉钉');
    const { context, page, failures } = await open(desktop, '/user-center');

    await page
      .getByRole('region', { name: '其他登录方式' })
      .getByRole('button', { name: /钉钉登录/ })
      .click();
    await page.waitForURL(/\/sandbox\/dingtalk\//);
    await page.getByLabel(/新测试用户/).fill(nickname);
    await page.getByRole('button', { name: /创建并登录/ }).click();

    await page.getByRole('heading', { name: '完善账号信息' }).waitFor();
    await page.getByRole('checkbox', { name: /我已阅读并同意/ }).check();
    await page.getByRole('button', { name: '不绑定手机号，直接创建账号' }).click();

    await page.getByText('账号信息', { exact: true }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/user-center');
    const dingTalk = page.getByRole('listitem', { name: '钉钉' });
    await dingTalk.getByText('已绑定').waitFor();
    await dingTalk.getByRole('button', { name: '解除绑定' }).click();
    await page.getByRole('tooltip').getByRole('button', { name: '解除绑定' }).click();
    await page.getByRole('alert').getByText('这是您唯一的登录方式，不能解绑').waitFor();
    await dingTalk.getByText('已绑定').waitFor();

    assert.deepEqual(failures, []);
    await context.close();
  });

  it('signs up with WeChat, binds a phone, and signs in again with it at 375 px', async () => {
    const drawer = (page) => page.getByRole('dialog');
    const openDrawer = async (page) => {
      await page.getByRole('button', { name: '菜单' }).click();
      await drawer(page).waitFor();
    };
    await journey(phoneViewport, '375', {
      showAccount: async (page, text) => {
        await openDrawer(page);
        await drawer(page).getByText(text).waitFor();
        await page.keyboard.press('Escape');
        await drawer(page).waitFor({ state: 'hidden' });
      },
      signOut: async (page) => {
        await openDrawer(page);
        await drawer(page)
          .getByRole('button', { name: /退出登录/ })
          .click();
        await page.getByRole('heading', { name: '课程分类' }).waitFor();
      },
    });
  });
});
