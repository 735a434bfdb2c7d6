// The platform admin console (SPEC §7) against the real server in sandbox mode
// (`serve --demo`), at 1280 px, then at 375 px: the demo operator (13900000000, a super
// admin) opens the dashboard, locks and unlocks a user, adds a course category and disables
// it, and finds that in the audit log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  artifacts,
  baseUrl,
  desktop,
  launch,
  newContext,
  phone as phoneViewport,
  operatorPhone as operatorPhoneOf,
} from './browser.mjs';

const operatorPhone = operatorPhoneOf(1);
const randomPhone = (prefix = '136') =>
  `${prefix}${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/** The last code the sandbox sent to `phone` and when (null before the first). */
async function lastSms(request, phone) {
  const answer = await request.get(`${baseUrl}/sandbox/sms/last?phone=${phone}`);
  return answer.status() === 200 ? await answer.json() : null;
}

async function signInBySms(page, phone) {
  const form = page.getByRole('tabpanel', { name: '短信登录' });
  await form.getByLabel('手机号').fill(phone);
  const before = (await lastSms(page.request, phone))?.sent_at;
  // A new code, told apart from an earlier one by its time: one code per phone per 60 s, and
  // another journey may have just signed the operator in (then wait and ask again).
  let sms = null;
  for (let attempt = 0; attempt < 2 && !sms; attempt++) {
    if (attempt > 0) await page.waitForTimeout(61_000);
    await form.getByRole('button', { name: '获取验证码' }).click();
    for (let i = 0; i < 20 && !sms; i++) {
      const last = await lastSms(page.request, phone);
      if (last && last.sent_at !== before) sms = last;
      else await page.waitForTimeout(250);
    }
  }
  assert.ok(sms, 'the sandbox sent a new code');
  await form.getByLabel('验证码').fill(sms.code);
  await form.getByRole('checkbox', { name: /我已阅读并同意/ }).check();
  await form.getByRole('button', { name: /^登\s*录$/ }).click();
}

/** A new account, registered through the API: the user the operator locks. */
async function registerUser(request, phone) {
  const sent = await request.post(`${baseUrl}/api/v1/auth/sms-codes`, {
    data: { phone, purpose: 'login' },
  });
  assert.equal(sent.status(), 202);
  const { code } = await lastSms(request, phone);
  const signedIn = await request.post(`${baseUrl}/api/v1/auth/sign-in/sms`, {
    data: { phone, code, agree_terms: true, token_delivery: 'body' },
  });
  assert.equal(signedIn.status(), 200);
}

async function horizontalOverflow(page) {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

/** The number on the dashboard card titled `title`. */
async function statValue(page, title) {
  const card = page.locator('.admin-stat-card').filter({ hasText: title }).first();
  const text = await card.locator('.ant-statistic-content').innerText();
  return Number(text.replace(/[^\d.]/g, ''));
}

describe('admin console', { timeout: 300_000 }, () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  async function open(viewport, path, storageState) {
    const context = await newContext(browser, { viewport, storageState });
    const page = await context.newPage();
    const failures = [];
    page.on('pageerror', (error) => failures.push(error));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      if (page.url().includes('/sandbox/')) return;
      // Chromium logs every 4xx answer (the start-up refresh while signed out is a 401).
      if (/^Failed to load resource: .* status of 4\d\d /.test(message.text())) return;
      failures.push(`${message.text()} (${message.location().url})`);
    });
    if (path) await page.goto(baseUrl + path);
    return { context, page, failures };
  }

  it('shows the dashboard, locks a user, edits a dictionary and reads the audit log (1280 px, then 375 px)', async () => {
    const stamp = Date.now().toString(36).slice(-5);
    const userPhone = randomPhone();
    const operator = await open(desktop, '/admin/dashboard');
    const a = operator.page;
    await registerUser(a.request, userPhone);

    // Signing in leads back to the dashboard.
    await a.getByRole('tab', { name: '短信登录' }).waitFor();
    await signInBySms(a, operatorPhone);
    await a.waitForURL((url) => url.pathname === '/admin/dashboard');
    await a.getByRole('heading', { name: '数据看板' }).waitFor();
    await a.locator('.admin-stat-card').first().waitFor();
    assert.ok((await statValue(a, '企业')) > 0, 'the demo data has orgs');
    assert.ok((await statValue(a, '上架课程')) > 0, 'the demo data has listed courses');
    const chart = a.getByRole('img', { name: '近 30 天每日新增' });
    await chart.locator('svg.recharts-surface').first().waitFor();
    await chart.locator('.recharts-line').first().waitFor();
    assert.equal(await horizontalOverflow(a), 0, 'the dashboard fits 1280 px');
    await a.screenshot({ path: `${artifacts}admin-dashboard-1280.png`, fullPage: true });

    // Users: find the new account, lock it (with a confirmation), then unlock it.
    const nav = a.getByRole('navigation', { name: '管理菜单' });
    await nav.getByRole('link', { name: '用户管理' }).click();
    await a.waitForURL((url) => url.pathname === '/admin/users');
    await a.getByRole('searchbox', { name: '手机号或姓名' }).fill(userPhone.slice(-8));
    await a.getByRole('searchbox', { name: '手机号或姓名' }).press('Enter');
    const masked = `${userPhone.slice(0, 3)}****${userPhone.slice(-4)}`;
    const row = a.getByRole('row').filter({ hasText: masked });
    await row.waitFor();
    await a.waitForURL((url) => url.searchParams.get('q') === userPhone.slice(-8));
    await a.getByText('共 1 条').waitFor();
    await row.getByRole('button', { name: /^锁定 / }).click();
    await a
      .getByRole('tooltip')
      .getByText(/所有设备上退出登录/)
      .waitFor();
    await a
      .getByRole('tooltip')
      .getByRole('button', { name: /锁\s*定/ })
      .click();
    await row.getByText('已锁定').waitFor();
    await a.screenshot({ path: `${artifacts}admin-users-1280.png`, fullPage: true });
    await row.getByRole('button', { name: /^解锁 / }).click();
    await row.getByText('正常').waitFor();

    // Dictionaries: a new course category, then disabled (never deleted).
    await nav.getByRole('link', { name: '数据字典' }).click();
    await a.waitForURL((url) => url.pathname === '/admin/dictionaries');
    const code = `e2e_${stamp}`;
    await a.getByRole('button', { name: /新增条目/ }).click();
    const dialog = a.getByRole('dialog');
    await dialog.getByLabel('编码').fill('Bad Code');
    await dialog.getByLabel('中文名称').fill(`测试分类${stamp}`);
    await dialog.getByLabel('英文名称').fill(`Test category ${stamp}`);
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('只能包含小写字母、数字和下划线，2–40 个字符').waitFor();
    await dialog.getByLabel('编码').fill(code);
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    const entry = a.getByRole('row').filter({ hasText: code });
    await entry.getByText('启用').first().waitFor();
    await entry.getByRole('button', { name: `停用 ${code}` }).click();
    await entry.getByText('已停用').waitFor();
    await a.screenshot({ path: `${artifacts}admin-dictionaries-1280.png`, fullPage: true });

    // The audit log, filtered by the action prefix, shows both changes; details expand.
    await nav.getByRole('link', { name: '审计日志' }).click();
    await a.waitForURL((url) => url.pathname === '/admin/audit-log');
    await a.getByLabel('操作', { exact: true }).fill('dictionary.');
    await a.getByRole('button', { name: /查\s*询/ }).click();
    await a.waitForURL((url) => url.searchParams.get('action') === 'dictionary.');
    const created = a.getByRole('row').filter({ hasText: 'dictionary.create' }).first();
    await created.waitFor();
    await a.getByRole('row').filter({ hasText: 'dictionary.update' }).first().waitFor();
    await created.getByRole('button', { name: /展开行|Expand row/ }).click();
    await a.getByText(`"code": "${code}"`).waitFor();
    const download = a.waitForEvent('download');
    await a.getByRole('button', { name: /导出 Excel/ }).click();
    assert.match((await download).suggestedFilename(), /\.xlsx$/);
    await a.getByLabel('操作', { exact: true }).fill('user.');
    await a.getByRole('button', { name: /查\s*询/ }).click();
    await a.getByRole('row').filter({ hasText: 'user.lock' }).first().waitFor();
    await a.getByRole('row').filter({ hasText: 'user.unlock' }).first().waitFor();
    assert.equal(await horizontalOverflow(a), 0, 'the audit log fits 1280 px');
    await a.screenshot({ path: `${artifacts}admin-audit-log-1280.png`, fullPage: true });

    // 375 px: the same pages, the menu in a drawer, tables scrolling inside their cards.
    const phone = await open(phoneViewport, null, await operator.context.storageState());
    const ap = phone.page;
    for (const [path, text, name] of [
      ['/admin/dashboard', '学习时长（小时）', 'admin-dashboard'],
      [`/admin/users?q=${userPhone.slice(-8)}`, masked, 'admin-users'],
      ['/admin/audit-log?action=dictionary.', 'dictionary.create', 'admin-audit-log'],
    ]) {
      await ap.goto(baseUrl + path);
      await ap.getByText(text).first().waitFor();
      assert.equal(await horizontalOverflow(ap), 0, `${path} fits 375 px`);
      await ap.screenshot({ path: `${artifacts}${name}-375.png`, fullPage: true });
    }
    await ap.getByRole('button', { name: '管理菜单' }).click();
    await ap.getByRole('dialog').getByRole('link', { name: '数据看板' }).click();
    await ap.waitForURL((url) => url.pathname === '/admin/dashboard');
    await ap.getByRole('img', { name: '近 30 天每日新增' }).locator('svg').first().waitFor();
    assert.equal(await horizontalOverflow(ap), 0, 'the dashboard fits 375 px');

    assert.deepEqual(operator.failures, []);
    assert.deepEqual(phone.failures, []);
    await operator.context.close();
    await phone.context.close();
  });
});
