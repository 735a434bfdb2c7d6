// The membership journey against the real server in sandbox mode (SPEC §6): a unit registers
// on a phone (375 px), proving the contact mobile with an SMS code, and looks up its status; the demo operator approves it at a council
// level and sets this year's and next year's dues (1280 px); the member signs in with the
// USCC and password, scans with a sandbox WeChat (the first scan binds it), completes the
// profile wizard (contact, unit, council representatives), submits an offline payment with a
// voucher; the operator confirms it; the member downloads the receipt, then pays next year's
// dues with WeChat Pay Native through the sandbox cashier and downloads that receipt too.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';

import {
  artifacts,
  baseUrl,
  desktop,
  launch,
  newContext,
  toast,
  phone as phoneViewport,
  operatorPhone as operatorPhoneOf,
} from './browser.mjs';

const operatorPhone = operatorPhoneOf(3);
const thisYear = new Date().getFullYear();
const nextYear = thisYear + 1;
const loginButton = { name: /^登\s*录$/ };
// Dues differ per run, so a rerun against the same server sets a new fee.
const feeFen = (1000 + Math.floor(Math.random() * 9000)) * 100 + 50;
const nextFeeFen = (500 + Math.floor(Math.random() * 500)) * 100;
const yuan = (fen) =>
  `¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const yuanText = (fen) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
// A 1×1 PNG: the voucher.
const voucherPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** 13800138000 → 138****8000, as the SPA and the API show a mobile to anyone but its owner. */
const masked = (mobile) => `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
const randomDigits = (n) =>
  Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
const randomMobile = () => `13${randomDigits(9)}`;

/** A valid USCC (GB 32100 MOD 31 check, GB 11714 MOD 11 organisation-code check), fresh per run. */
function randomUscc() {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const body = randomDigits(8);
  const orgWeights = [3, 7, 9, 10, 5, 8, 4, 2];
  const orgSum = [...body].reduce((sum, digit, i) => sum + Number(digit) * orgWeights[i], 0);
  const orgCheck = { 10: 'X', 11: '0' }[11 - (orgSum % 11)] ?? String(11 - (orgSum % 11));
  const first17 = `91460100${body}${orgCheck}`;
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...first17].reduce((s, c, i) => s + alphabet.indexOf(c) * weights[i], 0);
  return first17 + alphabet[(31 - (sum % 31)) % 31];
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

/**
 * Downloads the receipt of `year` from the payment-records row `row` and checks it is a PDF:
 * the server's file name and the file's own first bytes.
 */
async function downloadReceiptPdf(page, row, year) {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    row.getByRole('button', { name: `下载 ${year} 年度会费收据` }).click(),
  ]);
  // `failure()` waits for the download to end, without a timeout of its own.
  let timer;
  const ended = await Promise.race([
    download.failure(),
    new Promise((resolve) => {
      timer = setTimeout(() => resolve('download never finished'), 30_000);
    }),
  ]);
  clearTimeout(timer);
  assert.equal(ended, null);
  assert.match(download.suggestedFilename(), /^receipt-KTR.+\.pdf$/);
  const bytes = await readFile(await download.path());
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'the receipt is a PDF');
  assert.ok(bytes.length > 1000, 'the receipt has content');
}

async function horizontalOverflow(page) {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

/** Picks `label` in the antd Select `select` (its options render in a portal). */
async function choose(page, select, label) {
  // Centred, so the list opens below it and clear of the sticky header.
  await select.evaluate((element) => element.scrollIntoView({ block: 'center' }));
  await select.click();
  const list = page.locator('.ant-select-dropdown:visible');
  const option = list.locator(`.ant-select-item-option[title="${label}"]`);
  await option.click();
  try {
    // The list closes with an animation; until it is gone it covers what lies beneath.
    await list.waitFor({ state: 'hidden', timeout: 3000 });
  } catch {
    // A toast sliding in over the list can swallow the click: pick it again, directly.
    await option.dispatchEvent('click');
    await list.waitFor({ state: 'hidden' });
  }
}

describe('association membership', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  async function open(viewport, path) {
    const context = await newContext(browser, { viewport, acceptDownloads: true });
    const page = await context.newPage();
    const failures = [];
    page.on('pageerror', (error) => failures.push(error));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      if (page.url().includes('/sandbox/')) return;
      // Chromium logs every 4xx answer; those asked for here are expected (no session at
      // start-up: 401; a pending member's sign-in: 409; no membership yet: 404). A 5xx fails.
      if (/^Failed to load resource: .* status of 4\d\d /.test(message.text())) return;
      failures.push(`${message.text()} (${message.location().url})`);
    });
    await page.goto(baseUrl + path);
    return { context, page, failures };
  }

  it('registers, is approved, signs in with WeChat, completes the profile and pays', async () => {
    const unit = {
      name: `海南会员测试单位${randomDigits(6)}`,
      uscc: randomUscc(),
      contactMobile: randomMobile(),
      password: 'Member#2026x',
    };
    const member = await open(phoneViewport, '/membership');
    const operator = await open(desktop, '/admin/reviews/members');
    try {
      await register(member.page, unit);
      await lookUp(member.page, unit);
      await refusedWhilePending(member.page, unit);
      await approve(operator.page, unit);
      await setFees(operator.page);
      await signIn(member.page, unit);
      await completeProfile(member.page);
      await payOffline(member.page);
      await confirmPayment(operator.page, unit);
      await downloadReceipt(member.page);
      await payOnline(member.page);
    } catch (error) {
      await member.page.screenshot({
        path: `${artifacts}membership-failure-375.png`,
        fullPage: true,
      });
      await operator.page.screenshot({
        path: `${artifacts}membership-failure-1280.png`,
        fullPage: true,
      });
      throw error;
    }
    assert.deepEqual(member.failures, []);
    assert.deepEqual(operator.failures, []);
    await member.context.close();
    await operator.context.close();
  });

  async function register(page, unit) {
    await page.getByRole('heading', { name: '会员服务', level: 1 }).waitFor();
    assert.equal(await horizontalOverflow(page), 0, 'the landing fits 375 px');
    await page.screenshot({ path: `${artifacts}membership-landing-375.png`, fullPage: true });
    await page.getByRole('button', { name: '会员注册' }).click();
    await page.getByRole('heading', { name: '会员注册' }).waitFor();

    const form = page.locator('form#membership-register');
    await form.getByLabel('单位名称').fill(unit.name);
    await form.getByLabel('统一社会信用代码').fill(unit.uscc.toLowerCase());
    await form.getByLabel('单位法人').fill('王法人');
    const legalRepMobile = randomMobile();
    await form.getByLabel('法人移动电话').fill(legalRepMobile);
    await form.getByLabel('联系人', { exact: true }).fill('张联系');
    await form.getByLabel('联系人移动电话').fill(unit.contactMobile);
    // The contact mobile is proven by a `bind` code: the member sign-in opens its account.
    await form.getByRole('button', { name: '获取验证码' }).click();
    await form.getByRole('button', { name: /秒后重新获取/ }).waitFor();
    await form.getByLabel('短信验证码').fill(await lastCode(page, unit.contactMobile));
    await choose(page, form.getByLabel('用户类型'), '企业');
    await form.getByLabel('密码', { exact: true }).fill(unit.password);
    await form.getByLabel('确认密码').fill(unit.password);
    // The charter opens in a dialog whose button also ticks the box.
    await form.getByRole('button', { name: '《协会章程》' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '我已阅读并同意' }).click();
    assert.equal(await form.getByRole('checkbox').isChecked(), true);
    assert.equal(await horizontalOverflow(page), 0, 'the registration form fits 375 px');
    await page.screenshot({ path: `${artifacts}membership-register-375.png`, fullPage: true });
    await form.getByRole('button', { name: /^注\s*册$/ }).click();
    await page.getByText('注册成功').waitFor();
    await page.getByText('审核中').waitFor();
    // The result shows what was registered (seed 002 §3.1.3), the mobiles masked.
    const registered = page.locator('.ant-descriptions').filter({ hasText: '注册信息' });
    // Each label followed by its value, beside it (desktop) or beneath it (phone).
    const text = (await registered.innerText()).replace(/\s+/g, ' ');
    for (const [label, value] of [
      ['单位名称', unit.name],
      ['统一社会信用代码', unit.uscc.toUpperCase()],
      ['单位法人', '王法人'],
      ['法人移动电话', masked(legalRepMobile)],
      ['联系人移动电话', masked(unit.contactMobile)],
      ['用户类型', '企业'],
    ]) {
      assert.ok(text.includes(`${label} ${value}`), `${label} ${value} in “${text}”`);
    }
    assert.equal(await page.getByText(unit.contactMobile, { exact: true }).count(), 0);
    assert.equal(await horizontalOverflow(page), 0, 'the registration result fits 375 px');
    await page.screenshot({ path: `${artifacts}membership-registered-375.png`, fullPage: true });
    // The desktop result page, where the manual shows it.
    await page.setViewportSize(desktop);
    await registered.getByText('联系人移动电话').waitFor();
    assert.equal(await horizontalOverflow(page), 0, 'the registration result fits 1280 px');
    await page.screenshot({ path: `${artifacts}membership-registered-1280.png`, fullPage: true });
    await page.setViewportSize(phoneViewport);
  }

  async function lookUp(page, unit) {
    await page.getByRole('button', { name: '查询审核进度' }).click();
    await page.getByRole('heading', { name: '查询审核进度' }).waitFor();
    await page.getByLabel('统一社会信用代码或联系人手机号').fill(unit.contactMobile);
    await page.getByRole('button', { name: /^search 查\s*询$|^查\s*询$/ }).click();
    await page.getByRole('status').getByText('审核中', { exact: true }).waitFor();
    assert.equal(await horizontalOverflow(page), 0, 'the status page fits 375 px');
    await page.screenshot({ path: `${artifacts}membership-status-375.png`, fullPage: true });
  }

  async function refusedWhilePending(page, unit) {
    await page.getByRole('link', { name: '会员登录' }).click();
    const form = page.locator('form#member-sign-in');
    await form.getByLabel('账号').fill(unit.uscc);
    await form.getByLabel('密码').fill(unit.password);
    await form.getByRole('button', { name: '下一步' }).click();
    await page.getByText('正在审核中').waitFor();
  }

  async function approve(page, unit) {
    await page.getByRole('tab', { name: '短信登录' }).waitFor();
    await signInBySms(page, operatorPhone);
    await page.getByRole('heading', { name: '会员审核', level: 1 }).waitFor();
    await page.getByRole('link', { name: unit.name, exact: true }).click();
    await page.getByRole('button', { name: /^check 通\s*过$|^通\s*过$/ }).click();
    const dialog = page.getByRole('dialog');
    await choose(page, dialog.getByLabel('会员等级'), '理事单位');
    await dialog.getByRole('button', { name: /^通\s*过$/ }).click();
    await page.getByRole('heading', { name: '会员审核', level: 1 }).waitFor();
    await toast(page, '已审核通过');
    await page.screenshot({ path: `${artifacts}membership-review-1280.png`, fullPage: true });
  }

  async function setFees(page) {
    await page.getByRole('button', { name: /会员设置/ }).click();
    await page.getByRole('heading', { name: '会员设置' }).waitFor();
    await saveCouncilFee(page, thisYear, feeFen);
    await choose(page, page.getByLabel('年度', { exact: true }), String(nextYear));
    await saveCouncilFee(page, nextYear, nextFeeFen);
    await page.screenshot({ path: `${artifacts}membership-settings-1280.png`, fullPage: true });
  }

  async function saveCouncilFee(page, year, fen) {
    const field = page.getByLabel(`理事单位 ${year} 年度会费（元）`, { exact: true });
    await field.fill(yuanText(fen));
    assert.equal(await field.inputValue(), yuanText(fen), `the ${year} fee stays as typed`);
    await page.getByRole('button', { name: `保存理事单位 ${year} 年度会费`, exact: true }).click();
    await toast(page, `理事单位 ${year} 年度会费已设为 ${yuan(fen)}`);
  }

  async function signIn(page, unit) {
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByText('首次登录：请扫码绑定微信').waitFor();
    await page.getByText(/本次扫码的微信将绑定为登录验证微信/).waitFor();
    assert.equal(await horizontalOverflow(page), 0, 'the WeChat step fits 375 px');
    await page.screenshot({ path: `${artifacts}membership-login-wechat-375.png`, fullPage: true });
    await page.getByRole('button', { name: /微信扫码验证/ }).click();
    await page.waitForURL(/\/sandbox\/wechat\/connect\/qrconnect/);
    await page.getByLabel(/新测试用户/).fill(`会员微信${randomDigits(5)}`);
    await page.getByRole('button', { name: /创建并登录/ }).click();
    await page.waitForURL((url) => url.pathname === '/membership');
    await page.getByText(unit.name).first().waitFor();
    assert.equal(new URL(page.url()).search, '', 'no code left in the address');
  }

  async function completeProfile(page) {
    await page.getByText('完善会员信息').first().waitFor();
    await page.screenshot({ path: `${artifacts}membership-wizard-375.png`, fullPage: true });
    // Contact.
    await page.getByLabel('邮箱').fill('contact@example.com');
    await page.getByRole('button', { name: '保存并继续' }).click();
    // Unit information.
    const unitForm = page.locator('form#member-profile-unit');
    await unitForm.waitFor();
    await choose(page, unitForm.getByLabel('单位状态'), '存续');
    await choose(page, unitForm.getByLabel('单位性质'), '民营企业');
    await unitForm.getByLabel('法人出生日期').fill('1980-05-20');
    await unitForm.getByLabel('注册时间').fill('2015-03-01');
    await unitForm.getByLabel('固定电话').fill('0898-66668888');
    await choose(page, unitForm.getByLabel('所属行业'), '跨境电商');
    await choose(page, unitForm.getByLabel('单位规模'), '50-99人');
    await unitForm.getByLabel('所在省份').fill('海南省');
    await unitForm.getByLabel('所在城市').fill('海口市');
    await unitForm.getByLabel('详细地址').fill('美兰区国兴大道 1 号');
    await unitForm.getByLabel('经营范围').fill('跨境电子商务；软件开发');
    await unitForm.getByLabel('注册资金').fill('500');
    assert.equal(await horizontalOverflow(page), 0, 'the unit step fits 375 px');
    // 网站域名 takes a bare domain, as labelled (issue 21 item 4): a text field, so no browser
    // bubble stops the step; the form says what is wrong in the page's language, and sends
    // the domain as typed.
    const website = unitForm.getByLabel('网站域名');
    assert.equal(await website.getAttribute('type'), 'text');
    await website.fill('not a site');
    await unitForm.getByRole('button', { name: '保存并继续' }).click();
    await unitForm.getByText('请输入网站域名，如 www.example.com.cn').waitFor();
    await website.fill('www.example.com.cn');
    const saving = page.waitForRequest(
      (request) => request.method() === 'PUT' && request.url().endsWith('/membership/profile'),
    );
    await unitForm.getByRole('button', { name: '保存并继续' }).click();
    const answer = await (await saving).response();
    assert.equal(answer?.status(), 200, 'the server takes the bare domain');
    const { profile } = await answer.json();
    assert.equal(profile.website, 'https://www.example.com.cn', 'stored as an address');
    // Council representatives (理事单位 is a council level).
    const council = page.locator('form#council-representative');
    await council.waitFor();
    await council.getByLabel('姓名').fill('李理事');
    await council.getByLabel('职务').fill('总经理');
    await council.getByLabel('手机号').fill(randomMobile());
    await council.getByRole('button', { name: /添加理事人选/ }).click();
    // Complete: the member's tabs open.
    await page.getByRole('tab', { name: '会费缴纳' }).waitFor();
    await page.getByText('理事单位').first().waitFor();
    assert.equal(await horizontalOverflow(page), 0, 'the member home fits 375 px');
    await page.screenshot({ path: `${artifacts}membership-profile-375.png`, fullPage: true });
  }

  async function payOffline(page) {
    await page.getByRole('tab', { name: '会费缴纳' }).click();
    await page.getByText(yuan(feeFen)).waitFor();
    await page.getByRole('button', { name: `线下缴纳 ${thisYear} 年度会费` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('缴费金额（元）').waitFor();
    assert.equal(await dialog.getByLabel('缴费金额（元）').inputValue(), yuanText(feeFen));
    const today = new Date();
    const iso = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    await dialog.getByLabel('缴费日期').fill(iso);
    await dialog.getByLabel('付款账号').fill('6222 0000 1111 2222');
    await dialog.getByLabel('银行流水号').fill(`SN${randomDigits(10)}`);
    await dialog.locator('input[type=file]').setInputFiles({
      name: 'voucher.png',
      mimeType: 'image/png',
      buffer: voucherPng,
    });
    await dialog.getByRole('button', { name: '更换' }).waitFor();
    await page.screenshot({ path: `${artifacts}membership-offline-375.png`, fullPage: true });
    await dialog.getByRole('button', { name: /^提\s*交$/ }).click();
    await page.getByText('处理中').waitFor();
    await toast(page, '已提交，等待管理员确认');
  }

  async function confirmPayment(page, unit) {
    await page.goto(`${baseUrl}/admin`);
    await page
      .getByRole('link', { name: /线下缴费确认：1 项待审核|线下缴费确认：\d+ 项待审核/ })
      .click();
    await page.getByRole('heading', { name: '线下缴费确认', level: 1 }).waitFor();
    const row = page.getByRole('row').filter({ hasText: unit.name });
    await row.getByRole('link', { name: /查看凭证/ }).waitFor();
    await row.getByRole('button', { name: `确认 ${unit.name} · ${thisYear} 年度` }).click();
    await page
      .getByRole('tooltip')
      .getByRole('button', { name: /^确\s*认$/ })
      .click();
    await toast(page, '已确认缴费');
    await page.screenshot({ path: `${artifacts}membership-confirm-1280.png`, fullPage: true });
  }

  async function downloadReceipt(page) {
    await page.reload();
    await page.getByRole('tab', { name: '缴费记录' }).click();
    const row = page.getByRole('row').filter({ hasText: '已确认' });
    await row.waitFor();
    await downloadReceiptPdf(page, row, thisYear);
    assert.equal(await horizontalOverflow(page), 0, 'the payment records fit 375 px');
    await page.screenshot({ path: `${artifacts}membership-records-375.png`, fullPage: true });
  }

  async function payOnline(page) {
    await page.getByRole('tab', { name: '会费缴纳' }).click();
    await page.getByRole('button', { name: `在线缴纳 ${nextYear} 年度会费` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /去支付/ }).waitFor();
    await page.waitForTimeout(400); // let the dialog's zoom-in finish before clicking in it
    const [created] = await Promise.all([
      page.waitForResponse(
        (response) =>
          response.request().method() === 'POST' &&
          /\/membership\/payments$/.test(new URL(response.url()).pathname),
      ),
      dialog.getByRole('button', { name: /去支付/ }).click(),
    ]);
    assert.equal(created.status(), 201);
    const { code_url: codeUrl } = await created.json();
    await dialog.getByRole('img', { name: '微信支付二维码' }).waitFor();
    await page.screenshot({ path: `${artifacts}membership-wechat-qr-375.png`, fullPage: true });

    // The payer's phone "scans" the code: the sandbox cashier.
    const phone = await page.context().newPage();
    await phone.goto(codeUrl);
    await phone.getByRole('button', { name: '确认支付' }).click();
    await phone
      .getByText(/支付成功|HTTP 200/)
      .first()
      .waitFor();
    // Not awaited: closing a page right after its form navigation sometimes never returns
    // (seen under `DEBUG=pw:api`: `page.close started`, nothing after), and the context
    // closes with the test anyway.
    phone.close().catch(() => {});

    await dialog.getByText('缴费成功').waitFor({ timeout: 20_000 });
    await dialog.getByRole('button', { name: /完\s*成/ }).click();
    await page.getByRole('tab', { name: '缴费记录' }).click();
    const row = page.getByRole('row').filter({ hasText: '已支付' });
    await row.waitFor();
    await row.getByText('微信支付（扫码）').waitFor();
    // Settled online, it has its receipt like the confirmed offline payment (whose download is
    // checked above; a second download in one page once hung the suite in CI, so the button's
    // presence is what is checked here, and the API tests fetch the online receipt).
    const receipt = row.getByRole('button', { name: `下载 ${nextYear} 年度会费收据` });
    await receipt.waitFor();
    assert.equal(await receipt.isEnabled(), true);
    await page.screenshot({ path: `${artifacts}membership-paid-online-375.png`, fullPage: true });
  }
});
