// Registration, session restore, password set-up, sign-out and password sign-in against the
// real server in sandbox mode (codes are read from /sandbox/sms/last), at 1280 px and 375 px.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  artifacts,
  baseUrl,
  desktop,
  launch,
  newContext,
  toast,
  phone as phoneViewport,
  reconsentDialog,
} from './browser.mjs';

// The server sends one code per phone per 60 s: a fresh number for every run and viewport.
const randomPhone = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const masked = (phone) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;
const password = 'Ketang#2026pw';
// antd puts a space between the two characters of a two-character Chinese button label.
const loginButton = { name: /^登\s*录$/ };

async function lastCode(page, phone) {
  const answer = await page.request.get(`${baseUrl}/sandbox/sms/last?phone=${phone}`);
  assert.equal(answer.status(), 200, 'the sandbox saw a code for this phone');
  return (await answer.json()).code;
}

async function registerBySms(page, phone) {
  const form = page.getByRole('tabpanel', { name: '短信登录' });
  await form.getByLabel('手机号').fill(phone);
  await form.getByRole('button', { name: '获取验证码' }).click();
  await form.getByRole('button', { name: /秒后重新获取/ }).waitFor();
  await form.getByLabel('验证码').fill(await lastCode(page, phone));
  await form.getByRole('checkbox', { name: /我已阅读并同意/ }).check();
  await form.getByRole('button', loginButton).click();
}

/**
 * The agreement's titles open the texts the server publishes (not a placeholder), and reading
 * one leaves the box unticked.
 */
async function readTheTerms(page) {
  const form = page.getByRole('tabpanel', { name: '短信登录' });
  const agreement = form.getByRole('checkbox', {
    name: /^我已阅读并同意\s*《平台法律声明》\s*和\s*《隐私政策》$/,
  });
  for (const [link, title] of [
    ['《平台法律声明》', '平台法律声明'],
    ['《隐私政策》', '隐私政策'],
  ]) {
    await form.getByRole('button', { name: link }).click();
    const dialog = page.getByRole('dialog', { name: title });
    await dialog.getByText(/第 \d+ 版/).waitFor();
    assert.match(await dialog.innerText(), /中华人民共和国/, `${title} is the real text`);
    assert.ok((await dialog.getByRole('heading').count()) > 2, `${title} has its sections`);
    await dialog
      .locator('.ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();
    await dialog.waitFor({ state: 'hidden' });
  }
  assert.equal(await agreement.isChecked(), false);
}

/** The signed-in user's agreements, through the refresh cookie of the page's context. */
async function agreements(page) {
  const refreshed = await page.request.post(`${baseUrl}/api/v1/auth/refresh`, {
    data: { token_delivery: 'cookie' },
  });
  assert.equal(refreshed.status(), 200);
  const { access_token: token } = await refreshed.json();
  const answer = await page.request.get(`${baseUrl}/api/v1/me/agreements`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  assert.equal(answer.status(), 200);
  return answer.json();
}

async function signInWithPassword(page, phone) {
  await page.getByRole('tab', { name: '密码登录' }).click();
  const form = page.getByRole('tabpanel', { name: '密码登录' });
  await form.getByLabel('手机号').fill(phone);
  await form.getByLabel('密码', { exact: true }).fill(password);
  await form.getByRole('button', loginButton).click();
}

async function setPassword(page) {
  await page.getByText('设置登录密码').waitFor();
  await page.getByLabel('新密码', { exact: true }).fill(password);
  await page.getByLabel('确认新密码').fill(password);
  await page.getByRole('button', { name: '保存密码' }).click();
  await page.getByText('修改登录密码').waitFor();
  await page.getByText('已设置', { exact: true }).waitFor();
  await toast(page, /^密码已保存/);
}

async function horizontalOverflow(page) {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

describe('accounts', () => {
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
    await page.goto(baseUrl + path);
    return { context, page, failures };
  }

  it('registers, stays signed in across a reload, sets a password and uses it at 1280 px', async () => {
    const phone = randomPhone();
    const { context, page, failures } = await open(desktop, '/user-center');

    // The user center needs a session: to the login page, and back after signing in.
    await page.getByRole('tab', { name: '短信登录' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/user-center');
    await page.waitForTimeout(400); // let the menu's highlight fade for the screenshot
    await page.screenshot({ path: `${artifacts}login-1280.png`, fullPage: true });
    await readTheTerms(page);
    await registerBySms(page, phone);

    const account = page.getByRole('button', { name: masked(phone) });
    await account.waitFor();
    // Registering recorded the versions the form showed: nothing to agree to again.
    const agreed = await agreements(page);
    assert.deepEqual(agreed.map((a) => [a.kind, a.up_to_date]).sort(), [
      ['privacy', true],
      ['terms', true],
    ]);
    assert.equal(await reconsentDialog(page).count(), 0);
    await page.getByText('账号信息').waitFor();
    assert.equal(new URL(page.url()).pathname, '/user-center');
    await page.getByText(phone, { exact: true }).waitFor();

    await page.reload();
    await account.waitFor();
    await page.getByText('账号信息').waitFor();
    assert.equal(new URL(page.url()).pathname, '/user-center', 'a reload keeps the session');

    await setPassword(page);
    await page.screenshot({ path: `${artifacts}user-center-1280.png`, fullPage: true });

    const accountMenu = page.getByRole('menu', { name: '账号菜单' });
    await account.click();
    await accountMenu.getByRole('menuitem', { name: /退出登录/ }).click();
    await page.getByRole('button', loginButton).waitFor();
    assert.equal(new URL(page.url()).pathname, '/');

    // Signed out for real: a reload does not bring the session back.
    await page.reload();
    await page.getByRole('button', loginButton).click();
    await signInWithPassword(page, phone);
    await account.waitFor();
    assert.equal(new URL(page.url()).pathname, '/');

    await account.click();
    await accountMenu.getByRole('menuitem', { name: /用户中心/ }).click();
    await page.getByText('修改登录密码').waitFor();
    await page.getByLabel('当前密码').waitFor();
    await page.screenshot({ path: `${artifacts}user-center-1280-password.png`, fullPage: true });
    assert.deepEqual(failures, []);
    await context.close();
  });

  it('does the same from the navigation drawer at 375 px', async () => {
    const phone = randomPhone();
    const { context, page, failures } = await open(phoneViewport, '/');
    const drawer = page.getByRole('dialog');
    const openDrawer = async () => {
      await page.getByRole('button', { name: '菜单' }).click();
      await drawer.waitFor();
    };

    await openDrawer();
    await drawer.getByRole('button', loginButton).click();
    await page.getByRole('tab', { name: '短信登录' }).waitFor();
    await drawer.waitFor({ state: 'hidden' });
    assert.equal(await horizontalOverflow(page), 0, 'the login page fits 375 px');
    await page.screenshot({ path: `${artifacts}login-375.png`, fullPage: true });
    await page.getByRole('button', { name: '《平台法律声明》' }).click();
    const statement = page.getByRole('dialog', { name: '平台法律声明' });
    await statement
      .getByText(/中华人民共和国/)
      .first()
      .waitFor();
    assert.equal(await horizontalOverflow(page), 0, 'the legal statement fits 375 px');
    await page.screenshot({ path: `${artifacts}legal-statement-375.png` });
    await statement
      .locator('.ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();
    await statement.waitFor({ state: 'hidden' });
    await registerBySms(page, phone);

    await page.getByRole('heading', { name: '课程分类' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    await openDrawer();
    await drawer.getByText(masked(phone)).waitFor();
    await page.waitForTimeout(400); // let the slide-in finish for the screenshot
    await page.screenshot({ path: `${artifacts}account-375-menu.png` });

    await page.reload();
    await openDrawer();
    await drawer.getByText(masked(phone)).waitFor();
    await drawer.getByRole('menuitem', { name: '用户中心' }).click();
    await setPassword(page);
    assert.equal(await horizontalOverflow(page), 0, 'the user center fits 375 px');
    await page.screenshot({ path: `${artifacts}user-center-375.png`, fullPage: true });

    await openDrawer();
    await drawer.getByRole('button', { name: /退出登录/ }).click();
    await page.getByRole('heading', { name: '课程分类' }).waitFor();
    await openDrawer();
    await drawer.getByRole('button', loginButton).click();
    await signInWithPassword(page, phone);

    await page.getByRole('heading', { name: '课程分类' }).waitFor();
    await openDrawer();
    await drawer.getByText(masked(phone)).waitFor();
    assert.deepEqual(failures, []);
    await context.close();
  });
});
