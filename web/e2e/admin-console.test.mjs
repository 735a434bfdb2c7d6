// The platform admin console (SPEC §7) against the real server in sandbox mode
// (`serve --demo`), at 1280 px, then at 375 px: the demo operator (13900000000, a super
// admin) opens the dashboard, locks and unlocks a user, adds a course category and disables
// it, and finds that in the audit log. Then a mixed review inbox, seeded through the API (a
// provider's profile change, a course, a member registration, an offline payment and a
// subsidy application), is cleared queue by queue in the browser.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import { request as apiRequest } from 'playwright-core';

import {
  artifacts,
  baseUrl,
  desktop,
  launch,
  newContext,
  png,
  reconsentDialog,
  rememberSignIn,
  tableFit,
  toast,
  phone as phoneViewport,
  operatorPhone as operatorPhoneOf,
} from './browser.mjs';

const operatorPhone = operatorPhoneOf(1);
// The inbox test signs in as its own operator: no wait for operator 1's SMS resend interval.
const reviewerPhone = operatorPhoneOf(5);
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

/** The operator's access token, from the refresh cookie of its browser context. */
async function operatorToken(page) {
  const answer = await page.request.post(`${baseUrl}/api/v1/auth/refresh`, {
    data: { token_delivery: 'cookie' },
  });
  assert.equal(answer.status(), 200);
  return (await answer.json()).access_token;
}

/** A new account signed in by SMS through the API; its access token. */
async function signUp(request, phone) {
  const sent = await request.post(`${baseUrl}/api/v1/auth/sms-codes`, {
    data: { phone, purpose: 'login' },
  });
  assert.equal(sent.status(), 202);
  const { code } = await lastSms(request, phone);
  const signedIn = await request.post(`${baseUrl}/api/v1/auth/sign-in/sms`, {
    data: { phone, code, agree_terms: true, token_delivery: 'body' },
  });
  assert.equal(signedIn.status(), 200);
  return (await signedIn.json()).access_token;
}

/**
 * JSON calls to `/api/v1` as the holder of `token` (none: anonymous). Each must succeed (2xx);
 * the answer's body, parsed.
 */
function apiAs(request, token) {
  const call = async (method, path, data) => {
    const answer = await request.fetch(`${baseUrl}/api/v1${path}`, {
      method,
      data,
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
    const text = await answer.text();
    assert.ok(answer.ok(), `${method} ${path}: ${answer.status()} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return {
    get: (path) => call('GET', path),
    post: (path, data) => call('POST', path, data),
    put: (path, data) => call('PUT', path, data),
    /** Uploads `buffer` (one chunk at a time) for `purpose`; the stored media's id. */
    async upload({ purpose, orgId, name, buffer }) {
      const sha256 = createHash('sha256').update(buffer).digest('hex');
      const session = await call('POST', '/uploads', {
        purpose,
        org_id: orgId,
        file_name: name,
        size: buffer.length,
        sha256,
      });
      for (let n = 0; n < session.chunk_count; n++) {
        const chunk = buffer.subarray(n * session.chunk_size, (n + 1) * session.chunk_size);
        const put = await request.put(`${baseUrl}/api/v1/uploads/${session.id}/chunks/${n}`, {
          data: chunk,
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream' },
        });
        assert.ok(put.ok(), `chunk ${n}: ${put.status()} ${await put.text()}`);
      }
      return (await call('POST', `/uploads/${session.id}/complete`)).id;
    },
  };
}

const randomDigits = (n) =>
  Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');

/** A valid USCC (GB 32100 MOD 31 over a GB 11714 organisation code with its MOD 11 check). */
function randomUscc(region = '460100') {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const body = randomDigits(8);
  const orgSum = [...body].reduce((sum, d, i) => sum + Number(d) * [3, 7, 9, 10, 5, 8, 4, 2][i], 0);
  const orgCheck = { 10: 'X', 11: '0' }[11 - (orgSum % 11)] ?? String(11 - (orgSum % 11));
  const first17 = `91${region}${body}${orgCheck}`;
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...first17].reduce((s, c, i) => s + alphabet.indexOf(c) * weights[i], 0);
  return first17 + alphabet[(31 - (sum % 31)) % 31];
}

/** A valid resident ID (GB 11643 check digit) born 1990-03-07. */
function residentId(seq) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const body = `11010119900307${String(seq).padStart(3, '0')}`;
  const sum = [...body].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

const today = () => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
};

/** Every pending page of an admin queue, read again until it is empty (at most 10 rounds). */
async function drain(api, path, decide) {
  for (let round = 0; round < 10; round++) {
    const { items } = await api.get(`${path}&page=1&page_size=100`);
    if (items.length === 0) return;
    for (const item of items) await decide(item);
  }
  assert.fail(`${path} did not empty`);
}

/**
 * Settles whatever already waits for review (the demo's pending course, leftovers of earlier
 * runs against the same server), so the inbox counts only what this test seeds.
 */
async function clearInbox(operator) {
  const reason = 'e2e：清空审核队列';
  await drain(operator, '/admin/provider-reviews?status=pending', (item) =>
    operator.post(`/admin/provider-reviews/${item.revision_id}/reject`, { reason }),
  );
  await drain(operator, '/admin/course-reviews?status=pending', (item) =>
    operator.post(`/admin/course-reviews/${item.revision.id}/reject`, { reason }),
  );
  await drain(operator, '/admin/memberships?status=pending', (item) =>
    operator.post(`/admin/memberships/${item.id}/decision`, { decision: 'reject', reason }),
  );
  await drain(operator, '/admin/member-payments?status=submitted', (item) =>
    operator.post(`/admin/member-payments/${item.id}/decision`, { decision: 'reject', reason }),
  );
  await drain(operator, '/admin/subsidy-applications?status=pending', (item) =>
    operator.post(`/admin/subsidy-applications/${item.id}/decision`, {
      decision: 'reject',
      note: reason,
    }),
  );
}

/**
 * The enterprise `org` joins the association (approved at once), completes its profile and
 * submits this year's dues offline with a voucher; the year.
 */
async function seedOfflineDues(owner, operator, org, orgName, uscc) {
  const password = 'Member#2026x';
  const membership = await owner.post(`/orgs/${org.id}/membership`, {
    unit_name: orgName,
    uscc,
    legal_rep_name: '赵六',
    legal_rep_mobile: randomPhone('139'),
    contact_name: '钱联系',
    contact_mobile: randomPhone('138'),
    user_type_id: 'ut-enterprise',
    password,
    password_confirmation: password,
    agree_charter: true,
  });
  await operator.post(`/admin/memberships/${membership.id}/decision`, {
    decision: 'approve',
    level_id: 'lv-member',
  });
  await owner.put(`/orgs/${org.id}/membership/profile`, {
    profile: {
      contact_email: 'finance@example.com',
      operating_status: '存续',
      nature: '民营企业',
      legal_rep_birth_date: '1980-01-01',
      phone: '0898-66668888',
      industry: '跨境电商',
      scale: '50-99人',
      province: '海南省',
      city: '海口市',
      address: '龙华区滨海大道 1 号',
      registration_date: '2015-03-01',
      business_scope: '跨境电子商务',
      registered_capital_wan: '500',
    },
  });
  const year = new Date().getFullYear();
  const dues = await owner.get(`/orgs/${org.id}/membership/dues`);
  const due = dues.years.find((d) => d.year === year);
  assert.ok(due, `a fee is set for ${year}`);
  const voucher = await owner.upload({
    purpose: 'payment_voucher',
    orgId: org.id,
    name: 'voucher.png',
    buffer: png(8, 8, [255, 255, 255]),
  });
  await owner.post(`/orgs/${org.id}/membership/offline-payments`, {
    year,
    amount_fen: due.amount_fen,
    paid_on: today(),
    payer_account: '6222 0000 3333 4444',
    bank_serial: `SN${randomDigits(10)}`,
    voucher_media_id: voucher,
  });

  return year;
}

/**
 * One of each kind of review, made through the API by a new enterprise owner: the enterprise
 * (certified by the operator) is an approved provider that changes its profile (pending) and
 * submits a course (pending); it joined the association (approved) and submitted this year's
 * dues offline (submitted); its class earned the subsidy and applied (pending). Another unit
 * registers as a member (pending). Returns the names the queues show.
 */
async function seedInbox(request, operator, stamp) {
  const owner = apiAs(request, await signUp(request, randomPhone('137')));
  const orgName = `海口审核演练企业${stamp}`;
  const uscc = randomUscc('460100');
  const org = await owner.post('/orgs', { name: orgName, uscc, legal_representative: '赵六' });
  await operator.post(`/admin/orgs/${org.id}/certify`);

  // Provider: applied and approved, then a changed intro waits for review.
  const providerName = `椰城课堂${stamp}`;
  const logo = await owner.upload({
    purpose: 'provider_logo',
    orgId: org.id,
    name: 'logo.png',
    buffer: png(185, 74, [22, 119, 255]),
  });
  const providerForm = {
    name: providerName,
    address: '海口市龙华区滨海大道 1 号',
    contact_phone: '0898-66001234',
    intro: '自贸港企业的跨境电商课程。',
    logo_media_id: logo,
  };
  await owner.post(`/orgs/${org.id}/provider`, providerForm);
  const applied = await operator.get('/admin/provider-reviews?status=pending&page_size=100');
  const application = applied.items.find((item) => item.org_id === org.id);
  assert.ok(application, 'the application waits for review');
  await operator.post(`/admin/provider-reviews/${application.revision_id}/approve`);
  await owner.put(`/orgs/${org.id}/provider`, {
    ...providerForm,
    intro: '自贸港企业的跨境电商与直播电商课程。',
  });

  // A course held elsewhere (a link), with a cover and a lecturer, submitted.
  const courseTitle = `跨境支付合规${stamp}`;
  const lecturer = await owner.post(`/orgs/${org.id}/lecturers`, {
    name: '陈老师',
    gender: 'female',
    intro: '十年跨境收款与结汇经验。',
  });
  const cover = await owner.upload({
    purpose: 'course_cover',
    orgId: org.id,
    name: 'cover.png',
    buffer: png(386, 240, [250, 140, 22]),
  });
  const course = await owner.post(`/orgs/${org.id}/courses`, {
    title: courseTitle,
    delivery: 'external',
    external_url: 'https://example.com/courses/payments',
    training_mode: 'online',
    category_code: 'payments_fx',
    cover_media_id: cover,
    intro: '主流收款工具对比，结汇流程与常见合规问题。',
    lecturer_ids: [lecturer.id],
  });
  await owner.post(`/orgs/${org.id}/courses/${course.id}/submit`);

  // Membership: the enterprise joins, completes its profile and submits this year's dues.
  const year = await seedOfflineDues(owner, operator, org, orgName, uscc);

  // Another unit registers as a member on the public page (no account needed), proving its
  // contact mobile with a `bind` code.
  const unitName = `三亚会员申请单位${stamp}`;
  const unitPassword = 'Unit#2026xy';
  const contactMobile = randomPhone('138');
  await apiAs(request, null).post('/auth/sms-codes', { phone: contactMobile, purpose: 'bind' });
  const { code: smsCode } = await lastSms(request, contactMobile);
  await apiAs(request, null).post('/memberships', {
    unit_name: unitName,
    uscc: randomUscc('460200'),
    legal_rep_name: '孙法人',
    legal_rep_mobile: randomPhone('139'),
    contact_name: '周联系',
    contact_mobile: contactMobile,
    sms_code: smsCode,
    user_type_id: 'ut-enterprise',
    password: unitPassword,
    password_confirmation: unitPassword,
    agree_charter: true,
  });

  // A class whose lecturer lived through a 9-hour session on the sandbox DingTalk: above the
  // default threshold (8 hours), so the subsidy application has a qualified student.
  const className = `跨境直播实训班${stamp}`;
  const klass = await owner.post(`/orgs/${org.id}/classes`, {
    name: className,
    class_type_code: 'enterprise_staff',
    platform: 'dingtalk',
    training_mode: 'live',
  });
  const base = `/orgs/${org.id}/classes/${klass.id}`;
  const mobile = randomPhone('136');
  const student = await owner.post(`${base}/students`, {
    name: '吴讲师',
    gender: 'male',
    resident_id: residentId(41),
    mobile,
    education: '本科',
  });
  await owner.post(`${base}/students/activate`, { student_ids: [student.id] });
  // The sync is a background job: followed to its end before a session is scheduled.
  let sync = await owner.post(`${base}/sync`);
  for (let i = 0; i < 120 && !['succeeded', 'failed'].includes(sync.job?.status); i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    sync = await owner.get(`${base}/sync`);
  }
  assert.equal(sync.job?.status, 'succeeded', `the sync job: ${JSON.stringify(sync.job)}`);
  const start = new Date(Date.now() - 10 * 3600_000);
  const session = await owner.post(`${base}/sessions`, {
    title: '全天实训',
    lecturer_student_ids: [student.id],
    planned_start_at: start.toISOString(),
    planned_end_at: new Date(start.getTime() + 9 * 3600_000).toISOString(),
  });
  const simulated = await request.post(
    `${baseUrl}/sandbox/dingtalk/lives/${session.platform_live_id}/simulate`,
    { data: { duration_minutes: 540, viewers: [{ mobile, live_minutes: 530 }] } },
  );
  assert.equal(simulated.status(), 200);
  let job = await owner.post(`${base}/records/refresh`);
  for (let i = 0; i < 120 && !['succeeded', 'failed'].includes(job.status); i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    job = await owner.get(`/orgs/${org.id}/jobs/${job.id}`);
  }
  assert.equal(job.status, 'succeeded', `the records job: ${job.last_error ?? job.status}`);
  await owner.post(`${base}/subsidy-application`);

  return { orgName, providerName, courseTitle, unitName, className, year };
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
  /** The operator's session after the first test (its last refresh cookie). */
  let operatorState;
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

    // 法律文本: the legal statement's history starts with version 1, the text the platform
    // ships with, readable as its users saw it.
    await nav.getByRole('link', { name: '法律文本' }).click();
    await a.waitForURL((url) => url.pathname === '/admin/legal');
    await a.getByRole('heading', { name: '法律文本', level: 1 }).waitFor();
    const versionRow = (n) =>
      a.getByRole('row').filter({ has: a.getByRole('button', { name: `查看第 ${n} 版` }) });
    const firstVersion = versionRow(1);
    await firstVersion.getByText('平台默认文本').waitFor();
    await firstVersion.getByRole('button', { name: '查看第 1 版' }).click();
    const versionOne = a.getByRole('dialog', { name: '平台法律声明' });
    await versionOne
      .getByText(/中华人民共和国/)
      .first()
      .waitFor();
    await versionOne
      .locator('.ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();
    await versionOne.waitFor({ state: 'hidden' });
    await a.screenshot({ path: `${artifacts}admin-legal-1280.png`, fullPage: true });

    // 375 px: the same pages, the menu in a drawer, tables scrolling inside their cards.
    const phone = await open(phoneViewport, null, await operator.context.storageState());
    const ap = phone.page;
    for (const [path, text, name] of [
      ['/admin/dashboard', '学习时长（小时）', 'admin-dashboard'],
      [`/admin/users?q=${userPhone.slice(-8)}`, masked, 'admin-users'],
      ['/admin/audit-log?action=dictionary.', 'dictionary.create', 'admin-audit-log'],
      ['/admin/legal?kind=charter', '第 1 版', 'admin-legal'],
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
    // The session as it stands after the last refresh, for the legal texts' test.
    operatorState = await phone.context.storageState();
    await operator.context.close();
    await phone.context.close();
  });

  it('publishes a new privacy policy after a confirmation; a user who agreed to the old one is asked again', async () => {
    assert.ok(operatorState, 'the first test signed the operator in');
    const stamp = Date.now().toString(36).slice(-5);
    // A user who agreed to the current texts at registration (its browser keeps the session).
    const readerPhone = randomPhone('137');
    const reader = await newContext(browser, { viewport: phoneViewport, agreeToNewTerms: false });
    await rememberSignIn(reader);
    const sent = await reader.request.post(`${baseUrl}/api/v1/auth/sms-codes`, {
      data: { phone: readerPhone, purpose: 'login' },
    });
    assert.equal(sent.status(), 202);
    const { code } = await lastSms(reader.request, readerPhone);
    const signedIn = await reader.request.post(`${baseUrl}/api/v1/auth/sign-in/sms`, {
      data: { phone: readerPhone, code, agree_terms: true, token_delivery: 'cookie' },
    });
    assert.equal(signedIn.status(), 200);

    const operator = await open(desktop, '/admin/legal?kind=privacy', operatorState);
    const a = operator.page;
    await a.getByRole('heading', { name: '法律文本', level: 1 }).waitFor();
    const form = a.locator('form#legal-publish-privacy');
    const card = a.locator('.ant-card').filter({ has: form });
    await form.getByRole('button', { name: '发布新版本' }).click();
    await form.getByText('请输入标题').waitFor(); // checked in the page, in its language
    await form.getByText('请输入正文').waitFor();

    await card.getByRole('button', { name: '以当前版本为底稿' }).click();
    const body = form.getByLabel('正文（Markdown）');
    await body.fill(
      `${await body.inputValue()}\n\n## 补充条款 ${stamp}\n\n1. 本条为端到端测试增加。`,
    );
    const note = `e2e 测试更新 ${stamp}`;
    await form.getByLabel('修改说明').fill(note);
    await form.getByRole('tab', { name: '预览' }).click();
    await form.getByRole('heading', { name: `补充条款 ${stamp}` }).waitFor();
    await form.getByRole('button', { name: '发布新版本' }).click();
    const confirm = a.getByRole('dialog', { name: /确定发布《隐私政策》/ });
    await confirm.getByText('发布后，已同意旧版本的用户将在下次使用时被要求重新同意。').waitFor();
    await confirm.getByRole('button', { name: /发\s*布/ }).click();
    const published = await toast(a, /^已发布第 \d+ 版$/);
    const version = Number(published.match(/\d+/)[0]);
    assert.ok(version >= 2);
    const versionRow = (n) =>
      a.getByRole('row').filter({ has: a.getByRole('button', { name: `查看第 ${n} 版` }) });
    await versionRow(version).getByText('运营方发布').waitFor();
    await versionRow(version).getByText(note).waitFor();
    await versionRow(1).getByText('平台默认文本').waitFor();
    assert.equal(await horizontalOverflow(a), 0, 'the legal texts page fits 1280 px');
    await a.screenshot({ path: `${artifacts}admin-legal-published-1280.png`, fullPage: true });

    // The reader's next visit stops at the new text and what changed, at 375 px.
    const page = await reader.newPage();
    await page.goto(`${baseUrl}/`);
    const asked = reconsentDialog(page);
    await asked.getByText('平台条款已更新').waitFor();
    await asked.getByText(note).waitFor();
    await asked.getByRole('heading', { name: `补充条款 ${stamp}` }).waitFor();
    assert.equal(await horizontalOverflow(page), 0, 'the dialog fits 375 px');
    await page.screenshot({ path: `${artifacts}reconsent-375.png` });
    await asked.getByRole('button', { name: '同意并继续' }).click();
    await asked.waitFor({ state: 'hidden' });
    await page.reload();
    await page.getByRole('heading', { name: '课程分类' }).waitFor();
    assert.equal(await reconsentDialog(page).count(), 0, 'agreed once, not asked again');

    assert.deepEqual(operator.failures, []);
    await operator.context.close();
    await reader.close();
  });

  it('keeps every operator table within 1280 px, its actions pinned in view', async () => {
    // Issue 21 item 3: the offline-dues queue hid 确认 / 驳回 past a sideways scroll, the
    // audit log its 对象 and IP columns.
    const stamp = Date.now().toString(36).slice(-5);
    const operator = await open(desktop, '/admin/reviews/offline-payments');
    const a = operator.page;
    await a.getByRole('tab', { name: '短信登录' }).waitFor();
    await signInBySms(a, operatorPhoneOf(6));
    await a.getByRole('heading', { name: '线下缴费确认', level: 1 }).waitFor();
    const api = apiAs(a.request, await operatorToken(a));
    // An enterprise with a long name submits its dues offline.
    const seeding = await apiRequest.newContext();
    const orgName = `海南自由贸易港跨境电子商务综合服务示范企业有限公司${stamp}`;
    try {
      const owner = apiAs(seeding, await signUp(seeding, randomPhone('137')));
      const uscc = randomUscc('460100');
      const org = await owner.post('/orgs', { name: orgName, uscc, legal_representative: '赵六' });
      await api.post(`/admin/orgs/${org.id}/certify`);
      await seedOfflineDues(owner, api, org, orgName, uscc);
    } finally {
      await seeding.dispose();
    }

    for (const [path, text, pinned] of [
      ['/admin/reviews/offline-payments', orgName, true],
      ['/admin/reviews/members?status=approved', orgName, true],
      ['/admin/reviews/providers?status=approved', null, true],
      ['/admin/reviews/subsidies', null, false],
      ['/admin/orgs', orgName, true],
      ['/admin/users', null, true],
      ['/admin/dictionaries', null, true],
      ['/admin/membership-settings', null, false],
      ['/admin/audit-log', null, false],
    ]) {
      await a.goto(baseUrl + path);
      const rows = a.locator('.ant-table-row');
      if (text) await rows.filter({ hasText: text }).first().waitFor();
      else if (pinned || path.endsWith('audit-log')) await rows.first().waitFor();
      else await a.locator('.ant-table-row, .ant-table-placeholder').first().waitFor();
      const tables = await tableFit(a);
      assert.ok(tables.length > 0, `${path} shows a table`);
      for (const table of tables) {
        assert.equal(table.hidden, 0, `${path}: the table fits 1280 px`);
        assert.equal(table.pinnedOutside, 0, `${path}: its actions are in view`);
      }
      if (pinned) assert.ok(tables[0].pinned > 0, `${path}: its action column is pinned`);
      if (path.endsWith('offline-payments')) {
        const row = a.getByRole('row').filter({ hasText: orgName });
        await row.getByRole('button', { name: new RegExp(`^确认 ${orgName}`) }).waitFor();
        assert.ok(await row.getByRole('button', { name: /^驳回 / }).isVisible());
        await a.screenshot({ path: `${artifacts}admin-offline-payments-1280.png` });
      }
    }
    assert.equal(await horizontalOverflow(a), 0, 'the console fits 1280 px');

    assert.deepEqual(operator.failures, []);
    await operator.context.close();
  });

  it('clears a mixed review inbox (1280 px, then 375 px)', async () => {
    const stamp = Date.now().toString(36).slice(-5);
    const operator = await open(desktop, '/admin');
    const a = operator.page;
    await a.getByRole('tab', { name: '短信登录' }).waitFor();
    await signInBySms(a, reviewerPhone);
    await a.waitForURL((url) => url.pathname === '/admin');
    await a.getByRole('heading', { name: '审核中心' }).waitFor();

    const api = apiAs(a.request, await operatorToken(a));
    await clearInbox(api);
    // The enterprise's calls go through a context of their own: never the operator's cookies.
    const seeding = await apiRequest.newContext();
    const seeded = await seedInbox(seeding, api, stamp).finally(() => seeding.dispose());
    const { orgName, providerName, courseTitle, unitName, className, year } = seeded;

    // The inbox: one item in each queue.
    const queues = ['服务商审核', '课程审核', '补贴申请审核', '会员审核', '线下缴费确认'];
    const queueLink = (title, count) =>
      a.getByRole('link', { name: `${title}：${count} 项待审核` });
    const inbox = async () => {
      await a
        .getByRole('navigation', { name: '管理菜单' })
        .getByRole('link', { name: '审核中心' })
        .click();
      await a.waitForURL((url) => url.pathname === '/admin');
    };
    await a.reload();
    for (const title of queues) await queueLink(title, 1).waitFor();
    assert.equal(await horizontalOverflow(a), 0, 'the inbox fits 1280 px');
    await a.screenshot({ path: `${artifacts}admin-inbox-mixed-1280.png`, fullPage: true });

    // 服务商审核: the profile change, beside the listed profile; approved.
    await queueLink('服务商审核', 1).click();
    await a.waitForURL((url) => url.pathname === '/admin/reviews/providers');
    const providerRow = a.getByRole('row').filter({ hasText: orgName });
    await providerRow.getByText('信息变更').waitFor();
    await providerRow.getByRole('link', { name: providerName, exact: true }).click();
    await a.getByText('自贸港企业的跨境电商与直播电商课程。').waitFor();
    await a.getByRole('button', { name: /通\s*过/ }).click();
    await a
      .getByRole('tooltip')
      .getByRole('button', { name: /通\s*过/ })
      .click();
    await a.waitForURL((url) => url.pathname === '/admin/reviews/providers');
    await toast(a, '已审核通过');

    // 课程审核: rejected, which needs a reason.
    await inbox();
    await queueLink('课程审核', 1).click();
    await a.waitForURL((url) => url.pathname === '/admin/reviews/courses');
    await a.getByRole('link', { name: courseTitle, exact: true }).click();
    await a.getByText(/首次提交/).waitFor();
    await a.getByRole('button', { name: /驳\s*回/ }).click();
    const reject = a.getByRole('dialog', { name: '驳回并填写原因' });
    await reject.getByRole('button', { name: /驳\s*回/ }).click();
    await reject.getByText('请填写驳回原因').waitFor();
    await reject.getByLabel('驳回原因').fill('请补充课程大纲和课时安排');
    await reject.getByRole('button', { name: /驳\s*回/ }).click();
    await a.waitForURL((url) => url.pathname === '/admin/reviews/courses');
    await toast(a, '已驳回');

    // 会员审核: the registration, approved.
    await inbox();
    await queueLink('会员审核', 1).click();
    await a.waitForURL((url) => url.pathname === '/admin/reviews/members');
    await a.getByRole('link', { name: unitName, exact: true }).click();
    await a.getByRole('button', { name: /^check 通\s*过$|^通\s*过$/ }).click();
    await a
      .getByRole('dialog')
      .getByRole('button', { name: /^通\s*过$/ })
      .click();
    await a.getByRole('heading', { name: '会员审核', level: 1 }).waitFor();
    await toast(a, '已审核通过');

    // 线下缴费确认: the voucher is there; confirmed.
    await inbox();
    await queueLink('线下缴费确认', 1).click();
    await a.getByRole('heading', { name: '线下缴费确认', level: 1 }).waitFor();
    const paymentRow = a.getByRole('row').filter({ hasText: orgName });
    await paymentRow.getByRole('link', { name: /查看凭证/ }).waitFor();
    await paymentRow.getByRole('button', { name: `确认 ${orgName} · ${year} 年度` }).click();
    await a
      .getByRole('tooltip')
      .getByRole('button', { name: /^确\s*认$/ })
      .click();
    await toast(a, '已确认缴费');
    await a.getByText('没有待确认的线下缴费').waitFor();

    // 补贴申请审核: approved.
    await inbox();
    await queueLink('补贴申请审核', 1).click();
    await a.getByRole('heading', { name: '补贴申请审核' }).waitFor();
    const application = a.getByRole('row').filter({ hasText: className });
    await application.getByRole('button', { name: `通过“${className}”的申请` }).click();
    await a
      .getByRole('dialog')
      .getByRole('button', { name: /通\s*过/ })
      .click();
    await toast(a, '已通过申请');

    // Every count is back to 0.
    await inbox();
    for (const title of queues) await queueLink(title, 0).waitFor();
    await a.screenshot({ path: `${artifacts}admin-inbox-cleared-1280.png`, fullPage: true });

    // 375 px: the inbox stacks its cards without scrolling sideways.
    const phone = await open(phoneViewport, null, await operator.context.storageState());
    const ap = phone.page;
    await ap.goto(`${baseUrl}/admin`);
    await ap.getByRole('heading', { name: '审核中心' }).waitFor();
    for (const title of queues) {
      await ap.getByRole('link', { name: `${title}：0 项待审核` }).waitFor();
    }
    assert.equal(await horizontalOverflow(ap), 0, 'the inbox fits 375 px');
    await ap.screenshot({ path: `${artifacts}admin-inbox-375.png`, fullPage: true });

    assert.deepEqual(operator.failures, []);
    assert.deepEqual(phone.failures, []);
    await operator.context.close();
    await phone.context.close();
  });
});
