// 企业开发者接入 against the real server in sandbox mode (SPEC §9): an owner creates an
// enterprise, then an API key with `classes:read` from the user center; the key reads the
// org's classes (200) but may not create one (403 insufficient_scope); its request count
// shows after a reload; revoked, it gets 401. A webhook endpoint shows its signing secret
// once and an empty delivery log; a test event sent to it opens on its attempts and payload.
// Then the developer page, the attempt log and the public guide at 375 px.
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
} from './browser.mjs';

// The server sends one code per phone per 60 s: a fresh number for every run.
const randomPhone = (prefix = '139') =>
  `${prefix}${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const loginButton = { name: /^登\s*录$/ };

/** A valid USCC (GB 32100 check character over a GB 11714 organisation code) of our own. */
function randomUscc() {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const orgBody = String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
  const orgSum = [...orgBody].reduce((s, c, i) => s + Number(c) * [3, 7, 9, 10, 5, 8, 4, 2][i], 0);
  const orgCheck = { 10: 'X', 11: '0' }[11 - (orgSum % 11)] ?? String(11 - (orgSum % 11));
  const body = `91460200${orgBody}${orgCheck}`;
  const sum = [...body].reduce((s, c, i) => s + chars.indexOf(c) * weights[i], 0);
  return body + chars[(31 - (sum % 31)) % 31];
}

async function lastCode(page, phone) {
  const answer = await page.request.get(`${baseUrl}/sandbox/sms/last?phone=${phone}`);
  assert.equal(answer.status(), 200, 'the sandbox saw a code for this phone');
  return (await answer.json()).code;
}

async function signInBySms(page, phone) {
  const form = page.getByRole('tabpanel', { name: '短信登录' });
  await form.getByLabel('手机号').fill(phone);
  await form.getByRole('button', { name: '获取验证码' }).click();
  await form.getByRole('button', { name: /秒后重新获取/ }).waitFor();
  await form.getByLabel('验证码').fill(await lastCode(page, phone));
  await form.getByRole('checkbox', { name: /我已阅读并同意/ }).check();
  await form.getByRole('button', loginButton).click();
}

async function horizontalOverflow(page) {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

/** A call to the API as the integrator, with the key as the bearer. */
function asIntegrator(page, secret) {
  const headers = { Authorization: `Bearer ${secret}` };
  return {
    get: (path) => page.request.get(`${baseUrl}/api/v1${path}`, { headers }),
    post: (path, data) => page.request.post(`${baseUrl}/api/v1${path}`, { headers, data }),
  };
}

describe('developer access', () => {
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
      // Chromium logs every 4xx answer; those asked for here are expected (no session at
      // start-up: 401). A 5xx still fails.
      if (/^Failed to load resource: .* status of 4\d\d /.test(message.text())) return;
      failures.push(`${message.text()} (${message.location().url})`);
    });
    await page.goto(baseUrl + path);
    return { context, page, failures };
  }

  it('creates, uses and revokes an API key, adds a webhook, and fits 375 px', async () => {
    const { context, page, failures } = await open(desktop, '/developer-access');
    let orgId;
    try {
      orgId = await createOrg(page);
      const keyName = `班级看板${Date.now() % 1_000_000}`;
      const secret = await createKey(page, keyName);
      const integrator = asIntegrator(page, secret);

      const classes = await integrator.get(`/orgs/${orgId}/classes`);
      assert.equal(classes.status(), 200, await classes.text());
      assert.ok(Array.isArray((await classes.json()).items));
      // A well-formed body: the body's validation and the scope check run side by side in
      // the server, and a malformed body may be refused (422) before the scope is (403).
      const refused = await integrator.post(`/orgs/${orgId}/classes`, {
        name: '接口创建的班级',
        class_type_code: 'general',
        training_mode: 'live',
        platform: 'dingtalk',
      });
      assert.equal(refused.status(), 403, await refused.text());
      assert.equal((await refused.json()).code, 'insufficient_scope');
      const elsewhere = await integrator.get(`/orgs/not-this-org/classes`);
      assert.equal(elsewhere.status(), 404, 'another org’s ids answer 404');

      // The uses show after a reload.
      await page.reload();
      const row = page.getByRole('row').filter({ hasText: keyName });
      const uses = Number(await row.getByRole('cell').nth(5).textContent());
      assert.ok(uses >= 2, `the key's request count shows its calls (${uses})`);
      await page.screenshot({ path: `${artifacts}developer-access-1280.png`, fullPage: true });

      await row.getByRole('button', { name: /吊\s*销/ }).click();
      await page
        .getByRole('tooltip')
        .getByRole('button', { name: /吊\s*销/ })
        .click();
      await row.getByText('已吊销').waitFor();
      await toast(page, `已吊销“${keyName}”`);
      const revoked = await integrator.get(`/orgs/${orgId}/classes`);
      assert.equal(revoked.status(), 401, 'a revoked key is refused');

      await addWebhook(page);
    } catch (error) {
      await page.screenshot({ path: `${artifacts}developer-access-failure.png`, fullPage: true });
      throw error;
    }
    assert.deepEqual(failures, []);

    // The same session on a phone.
    const storage = await context.storageState();
    await context.close();
    const small = await open(phoneViewport, `/developer-access?org=${orgId}`, storage);
    try {
      await small.page.getByRole('row').filter({ hasText: '已吊销' }).waitFor();
      assert.ok((await horizontalOverflow(small.page)) <= 0, 'no sideways scroll at 375 px');
      await small.page.screenshot({ path: `${artifacts}developer-access-list-375.png` });
      await small.page.getByRole('button', { name: /新建凭证/ }).click();
      await small.page.getByRole('dialog', { name: '新建 API 凭证' }).waitFor();
      assert.ok((await horizontalOverflow(small.page)) <= 0, 'the form fits 375 px');
      await small.page.screenshot({ path: `${artifacts}developer-access-375.png`, fullPage: true });
      await small.page.getByRole('button', { name: /取\s*消/ }).click();
      await small.page.getByRole('tab', { name: 'Webhook' }).click();
      await small.page.getByText('/sandbox/').first().waitFor();
      assert.ok((await horizontalOverflow(small.page)) <= 0, 'webhooks fit 375 px');
      await small.page.getByRole('button', { name: '投递记录' }).first().click();
      await small.page
        .getByRole('button', { name: /详\s*情/ })
        .first()
        .click();
      await small.page.locator('.ant-drawer-section').getByText('每次尝试').waitFor();
      assert.ok((await horizontalOverflow(small.page)) <= 0, 'the attempt log fits 375 px');
      await small.page.screenshot({ path: `${artifacts}webhook-delivery-375.png` });

      await small.page.goto(`${baseUrl}/developers`);
      await small.page.getByRole('heading', { name: '开发者文档', level: 1 }).waitFor();
      await small.page.getByRole('heading', { name: '8. Webhook' }).waitFor();
      await small.page.getByText('webhook-signature', { exact: true }).first().waitFor();
      assert.ok((await horizontalOverflow(small.page)) <= 0, 'the guide fits 375 px');
      await small.page.screenshot({ path: `${artifacts}developers-375.png`, fullPage: true });
    } catch (error) {
      await small.page.screenshot({ path: `${artifacts}developer-access-375-failure.png` });
      throw error;
    }
    assert.deepEqual(small.failures, []);
    await small.context.close();
  });

  /** Signs in (a new phone), creates an enterprise, and comes back through the user center. */
  async function createOrg(page) {
    await page.getByRole('tab', { name: '短信登录' }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('next'), '/developer-access');
    await signInBySms(page, randomPhone());
    await page.getByText('您还没有加入任何企业').first().waitFor();
    await page.getByRole('button', { name: '前往企业信息' }).click();
    const orgForm = page.locator('form#create-org');
    const orgName = `椰风接入${Date.now()}`;
    await orgForm.getByLabel('企业名称').fill(orgName);
    await orgForm.getByLabel('统一社会信用代码').fill(randomUscc());
    await orgForm.getByLabel('法定代表人').fill('李四');
    await orgForm.getByRole('button', { name: '创建企业' }).click();
    await page.getByRole('heading', { name: orgName, exact: true }).waitFor();
    await toast(page, `已创建企业“${orgName}”`);

    await page.goto(`${baseUrl}/user-center`);
    await page.getByRole('button', { name: '管理 API 密钥' }).click();
    await page.waitForURL((url) => url.pathname === '/developer-access');
    await page.getByText('还没有 API 密钥或 OAuth 客户端').waitFor();
    const orgId = new URL(page.url()).searchParams.get('org');
    assert.ok(orgId, 'the page names the org');
    return orgId;
  }

  /** 新建凭证 with classes:read; the secret is read off the once-only dialog. */
  async function createKey(page, name) {
    await page.getByRole('button', { name: /新建凭证/ }).click();
    const form = page.getByRole('dialog', { name: '新建 API 凭证' });
    await form.getByLabel('名称').fill(name);
    await form.getByRole('checkbox', { name: /classes:read/ }).check();
    await form.getByRole('button', { name: /创\s*建/ }).click();
    const shown = page.getByRole('dialog', { name: 'API 密钥已创建' });
    await shown.getByText('关闭此窗口后将无法再次查看', { exact: false }).waitFor();
    const secret = (await shown.locator('.integrator-secret code').textContent()).trim();
    assert.match(secret, /^kt_key_[a-z0-9]+_\w+$/);
    await page.screenshot({ path: `${artifacts}developer-access-secret-1280.png` });
    await shown.getByRole('button', { name: '我已保存' }).click();
    await shown.waitFor({ state: 'hidden' });
    await page.getByRole('row').filter({ hasText: name }).getByText('classes:read').waitFor();
    assert.equal(await page.getByText(secret).count(), 0, 'the secret is not shown again');
    return secret;
  }

  /** Webhook tab: an endpoint (sandbox mode accepts http://), its signing secret once. */
  async function addWebhook(page) {
    await page.getByRole('tab', { name: 'Webhook' }).click();
    await page.getByRole('button', { name: /添加端点/ }).click();
    const form = page.getByRole('dialog', { name: '添加 Webhook 端点' });
    await form.getByLabel('接收地址').fill(`${baseUrl}/sandbox/webhook-receiver`);
    await form.getByRole('checkbox', { name: /course\.approved/ }).check();
    await form.getByRole('button', { name: /保\s*存/ }).click();
    const shown = page.getByRole('dialog', { name: 'Webhook 已添加' });
    const secret = (await shown.locator('.integrator-secret code').textContent()).trim();
    assert.match(secret, /^whsec_/);
    await shown.getByRole('button', { name: '我已保存' }).click();
    const row = page.getByRole('row').filter({ hasText: '/sandbox/webhook-receiver' });
    await row.getByText('启用中').waitFor();
    await row.getByRole('button', { name: '投递记录' }).click();
    const log = page.getByRole('dialog', { name: '投递记录' });
    await log.getByText('还没有投递记录').waitFor();
    await log
      .getByRole('button', { name: /关\s*闭/ })
      .last()
      .click();
    await log.waitFor({ state: 'hidden' });

    // A test event is queued at once, whatever the endpoint subscribes to; its log entry
    // opens on the attempts and the payload.
    await row.getByRole('button', { name: '发送测试事件' }).click();
    await toast(page, '测试事件已加入投递队列，可在投递记录中查看结果');
    await row.getByRole('button', { name: '投递记录' }).click();
    const ping = log.getByRole('row').filter({ hasText: '测试事件' });
    await ping.getByText('ping', { exact: true }).waitFor();
    await ping.getByRole('button', { name: /详\s*情/ }).click();
    const drawer = page.locator('.ant-drawer-section').filter({ hasText: '投递详情' });
    await drawer.getByText('每次尝试').waitFor();
    await drawer.getByText('A test event from Ketang', { exact: false }).waitFor();
    await page.screenshot({ path: `${artifacts}webhook-delivery-1280.png` });
    await drawer.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });
    await log
      .getByRole('button', { name: /关\s*闭/ })
      .last()
      .click();
    await log.waitFor({ state: 'hidden' });
  }
});
