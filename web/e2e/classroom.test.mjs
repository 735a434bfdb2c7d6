// The public cloud classroom against the real server in sandbox mode with the demo data
// (`serve --demo`: two providers, twelve listed courses with covers and a 1-second video), at
// 1280 px and 375 px: browse and filter the catalog, search, go back, open a course and seek
// in its video, visit the provider, then sign in by SMS from the course page and post a
// rated comment. Then a live course: set up through the API (a demo provider adds it, an
// operator approves it), users enroll from its page at 1280 px and at 375 px until it is
// full, and the provider console's enrollment list shows them.
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
  operatorPhone as operatorPhoneOf,
  rememberSignIn,
} from './browser.mjs';

const operatorPhone = operatorPhoneOf(5);
// The demo's second provider (三亚职业培训中心), approved and owned by this demo account: the
// catalog's journey above counts the first provider's courses and both providers' logos.
const demoProviderOwner = '13800000101';

// The server sends one code per phone per 60 s: a fresh number for every run and viewport.
const randomPhone = () => `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
// antd puts a space between the two characters of a two-character Chinese button label.
const loginButton = { name: /^登\s*录$/ };

/** The last code the sandbox sent to `phone`; `page` is a page or a browser context. */
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
 * Signs `phone` in through the API in `context` (its refresh cookie goes to the context, so
 * its pages are signed in too) and answers the access token.
 */
async function signInByApi(context, phone) {
  const ask = () =>
    context.request.post(`${baseUrl}/api/v1/auth/sms-codes`, {
      data: { phone, purpose: 'login' },
    });
  let sent = await ask();
  if (sent.status() === 429) {
    // One code per phone per 60 s: an earlier run may have just signed this phone in.
    await new Promise((resolve) => setTimeout(resolve, 61_000));
    sent = await ask();
  }
  assert.equal(sent.status(), 202, await sent.text());
  const signedIn = await context.request.post(`${baseUrl}/api/v1/auth/sign-in/sms`, {
    data: {
      phone,
      code: await lastCode(context, phone),
      agree_terms: true,
      token_delivery: 'cookie',
    },
  });
  assert.equal(signedIn.status(), 200, await signedIn.text());
  await rememberSignIn(context);
  return (await signedIn.json()).access_token;
}

/** The API as the holder of `token`: `call('POST', '/orgs', body)` answers the parsed body. */
function apiAs(token) {
  return async (method, path, data, expected = method === 'POST' && data ? 201 : 200) => {
    const answer = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(data ? { 'Content-Type': 'application/json' } : {}),
      },
      body: data ? JSON.stringify(data) : undefined,
    });
    const text = await answer.text();
    assert.equal(answer.status, expected, `${method} ${path}: ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

/** 13612345678 → 136****5678, as lists of people show a phone. */
const masked = (phone) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

async function horizontalOverflow(page) {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

/** Waits until the catalog shows exactly `count` cards (after a filter, the old ones go). */
async function expectCards(page, count) {
  const cards = page.getByRole('list', { name: '课程列表' }).getByRole('listitem');
  await page.waitForFunction(
    (expected) =>
      document.querySelectorAll('[aria-label="课程列表"] > [role="listitem"]').length ===
        expected && !document.querySelector('[aria-label="课程列表"][aria-busy="true"]'),
    count,
  );
  assert.equal(await cards.count(), count);
}

/** Picks `label` in the antd select named `name`. */
async function choose(page, name, label) {
  await page.getByRole('combobox', { name }).click();
  await page.locator(`.ant-select-item-option[title="${label}"]`).click();
}

describe('cloud classroom', () => {
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
      // Chromium logs every 4xx answer; those asked for here are expected (no session yet
      // at start-up: 401 from refresh). A 5xx still fails.
      if (/^Failed to load resource: .* status of 4\d\d /.test(message.text())) return;
      failures.push(`${message.text()} (${message.location().url})`);
    });
    if (path) await page.goto(baseUrl + path);
    return { context, page, failures };
  }

  async function journey(viewport, name) {
    const phone = viewport.width < 768;
    const { context, page, failures } = await open(viewport, '/classroom');

    // The catalog: the twelve listed demo courses, newest first, and the providers' logos.
    await page.getByRole('heading', { level: 1, name: '人才培养·云课堂' }).waitFor();
    await expectCards(page, 12);
    await page.getByText('共 12 门课程').waitFor();
    const logos = page.getByRole('region', { name: '合作供应商' });
    await logos.getByRole('link', { name: '海口数字贸易学院' }).waitFor();
    // One logo per approved provider (other test files may have approved more than the demo's two).
    const providers = await (await page.request.get(`${baseUrl}/api/v1/providers`)).json();
    assert.ok(providers.length >= 2);
    assert.equal(await logos.getByRole('link').count(), providers.length);
    await page.getByRole('link', { name: /成为供应商/ }).waitFor();
    // Covers load (386×240 pictures from the API's media; lower ones lazily, as they scroll in).
    await page.waitForFunction(() => {
      const cover = document.querySelector('.course-cover img');
      return cover?.complete && cover.naturalWidth === 386;
    });
    if (phone) assert.equal(await horizontalOverflow(page), 0, 'the catalog fits 375 px');
    await page.screenshot({ path: `${artifacts}classroom-${name}.png`, fullPage: true });

    // Filter by a topic: the address keeps it.
    if (phone) {
      const toggle = page.getByRole('button', { name: /筛\s*选/ });
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    }
    await choose(page, '课程分类', '直播电商');
    await expectCards(page, 1);
    await page.getByRole('link', { name: '直播电商从零到一' }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('category'), 'live_commerce');
    if (phone) {
      assert.equal(await horizontalOverflow(page), 0, 'the open filter panel fits 375 px');
      await page.screenshot({ path: `${artifacts}classroom-${name}-filters.png`, fullPage: true });
    }
    await page.getByRole('button', { name: '清除筛选', exact: true }).click();
    await expectCards(page, 12);
    assert.equal(new URL(page.url()).search, '');

    // Search a title; the back button undoes it.
    const search = page.getByRole('searchbox', { name: '搜索课程名称' });
    await search.fill('外贸英语');
    await search.press('Enter');
    await expectCards(page, 1);
    await page.getByRole('link', { name: '外贸英语沟通' }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('q'), '外贸英语');
    await page.goBack();
    await expectCards(page, 12);
    assert.equal(await search.inputValue(), '');

    // A course: the video streams, and seeking works (the server answers ranges).
    await page.getByRole('link', { name: '跨境电商入门与选品' }).click();
    await page.getByRole('heading', { level: 1, name: '跨境电商入门与选品' }).waitFor();
    const video = page.getByLabel('课程视频：跨境电商入门与选品');
    await video.waitFor();
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 1);
    const seeked = await video.evaluate(
      (element) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no seeked event')), 10_000);
          element.addEventListener(
            'seeked',
            () => {
              clearTimeout(timer);
              resolve({ time: element.currentTime, duration: element.duration });
            },
            { once: true },
          );
          element.currentTime = 0.5;
        }),
    );
    assert.ok(Math.abs(seeked.time - 0.5) < 0.1, `seeked to ${seeked.time}`);
    // The demo video runs eight seconds (issue 21 item 16).
    assert.ok(seeked.duration > 7 && seeked.duration < 9, `duration ${seeked.duration}`);
    const lecturers = page.getByRole('list', { name: '讲师' });
    await lecturers.getByText('陈静').waitFor();
    await page.getByText('讲得很清楚，选品部分特别实用。').waitFor();
    await page.getByText('谢谢支持，后续会更新更多案例！').waitFor();
    if (phone) assert.equal(await horizontalOverflow(page), 0, 'the course page fits 375 px');
    await page.screenshot({ path: `${artifacts}classroom-${name}-course.png`, fullPage: true });

    // Its provider's page lists the provider's six courses.
    await page.getByRole('link', { name: '查看供应商' }).click();
    await page.getByRole('heading', { level: 1, name: '海口数字贸易学院' }).waitFor();
    await page.getByText('海口市龙华区滨海大道 88 号').waitFor();
    const providerCourses = page.getByRole('list', { name: '海口数字贸易学院 的课程' });
    await providerCourses.getByRole('link', { name: '海外仓与国际物流实务' }).waitFor();
    assert.equal(await providerCourses.getByRole('listitem').count(), 6);
    if (phone) assert.equal(await horizontalOverflow(page), 0, 'the provider page fits 375 px');
    await page.screenshot({ path: `${artifacts}classroom-${name}-provider.png`, fullPage: true });

    // Back on the course, signed out: comment after signing in, which comes back here.
    await page.goBack();
    await page.getByRole('link', { name: /登录后评论/ }).click();
    await page.getByRole('tab', { name: '短信登录' }).waitFor();
    await registerBySms(page, randomPhone());
    await page.getByRole('heading', { level: 1, name: '跨境电商入门与选品' }).waitFor();
    await page.getByText('已学习 0 分钟').waitFor();

    // Playing starts a viewing that keeps study time.
    const started = page.waitForResponse(
      (response) =>
        response.url().endsWith('/watch-sessions') && response.request().method() === 'POST',
    );
    await video.evaluate((element) => {
      element.muted = true;
      return element.play();
    });
    assert.equal((await started).status(), 201);

    const body = `讲解清楚，案例实用（${name} ${Date.now()}）`;
    const form = page.locator('form#new-comment');
    await form.locator('.ant-rate-star').nth(3).click();
    await form.getByLabel('评论内容').fill(body);
    await form.getByText(`${[...body].length} / 500`).waitFor();
    await form.getByRole('button', { name: /发表评论/ }).click();
    const comment = page.getByRole('list', { name: '评论列表' }).getByRole('listitem').first();
    await comment.getByText(body).waitFor();
    await comment.getByText('评分 4 / 5').waitFor();
    await toast(page, '评论已发表');
    assert.equal(await form.getByLabel('评论内容').inputValue(), '');
    if (phone) assert.equal(await horizontalOverflow(page), 0, 'the signed-in course page fits');
    await page.screenshot({ path: `${artifacts}classroom-${name}-comment.png`, fullPage: true });

    assert.deepEqual(failures, []);
    await context.close();
  }

  it('browses, filters, searches, watches and comments at 1280 px', async () => {
    await journey(desktop, '1280');
  });

  it('does the same at 375 px, with the filters folded into a panel', async () => {
    await journey(phoneViewport, '375');
  });

  // After the journeys: it lists one more course while it runs (it is unlisted at the end).
  it('enrolls users in a live course at 1280 px and 375 px until it is full; the provider sees them', async () => {
    const stamp = Date.now().toString(36).slice(-4);
    const title = `直播带货实战${stamp}`;

    // Setup through the API: the demo provider's owner adds a live course that starts in two
    // hours with two places, and submits it; the operator approves it.
    const owner = await newContext(browser, { viewport: desktop });
    const ownerApi = apiAs(await signInByApi(owner, demoProviderOwner));
    const operator = await newContext(browser);
    const operatorApi = apiAs(await signInByApi(operator, operatorPhone));
    await operator.close();

    const [org] = await ownerApi('GET', '/orgs');
    assert.ok(org, 'the demo provider owner has an org');
    const [lecturer] = await ownerApi('GET', `/orgs/${org.id}/lecturers`);
    const { items: ownCourses } = await ownerApi('GET', `/orgs/${org.id}/courses?page_size=50`);
    const cover = ownCourses.find((c) => c.cover)?.cover;
    assert.ok(lecturer && cover, 'the demo provider has a lecturer and a course cover');
    const hour = 60 * 60 * 1000;
    const startsAt = new Date(Date.now() + 2 * hour);
    const course = await ownerApi('POST', `/orgs/${org.id}/courses`, {
      title,
      delivery: 'live',
      training_mode: 'online',
      category_code: 'live_commerce',
      cover_media_id: cover.media_id,
      intro: '直播间搭建、话术与复盘，现场答疑。',
      lecturer_ids: [lecturer.id],
      live_starts_at: startsAt.toISOString(),
      live_ends_at: new Date(startsAt.getTime() + hour).toISOString(),
      capacity: 2,
    });
    const submitted = await ownerApi('POST', `/orgs/${org.id}/courses/${course.id}/submit`);
    assert.equal(submitted.revision.status, 'pending');
    await operatorApi('POST', `/admin/course-reviews/${submitted.revision.id}/approve`);

    const sessions = [];
    try {
      // 1280 px: a visitor finds it in the catalog, signs in from its page and enrolls.
      const first = await open(desktop, '/classroom');
      sessions.push(first);
      const v = first.page;
      const search = v.getByRole('searchbox', { name: '搜索课程名称' });
      await search.fill(title);
      await search.press('Enter');
      await v.getByRole('link', { name: title }).click();
      await v.getByRole('heading', { level: 1, name: title }).waitFor();
      const live = v.getByRole('region', { name: '直播报名与签到' });
      await live.getByText('2 人').waitFor();
      // A live course has no video: its state, never the video's study-time hint (issue 21 item 9).
      await live.getByText('未开始').waitFor();
      assert.equal(await v.getByText('登录后观看视频').count(), 0);
      await live.getByRole('link', { name: /登录后报名/ }).click();
      const firstPhone = randomPhone();
      await registerBySms(v, firstPhone);
      await v.getByRole('heading', { level: 1, name: title }).waitFor();
      await live.getByText('2 人 · 剩余 2 个').waitFor();
      await live.getByRole('button', { name: /^报\s*名$/ }).click();
      // 报名 asks who is attending: 姓名 required (the new account has only its masked
      // mobile for a name, so it starts empty), 单位 optional.
      const details = v.getByRole('dialog', { name: '报名信息' });
      assert.equal(await details.getByLabel('姓名').inputValue(), '');
      await details.getByRole('button', { name: '确认报名' }).click();
      await details.getByText('请输入姓名').waitFor();
      await details.getByLabel('姓名').fill('林晓');
      await details.getByLabel('单位').fill('三亚椰林电商有限公司');
      await details.getByRole('button', { name: '确认报名' }).click();
      await details.waitFor({ state: 'hidden' });
      await live.getByText('已报名').waitFor();
      await live.getByText('2 人 · 剩余 1 个').waitFor();
      await live.getByText(/^已于 .+ 报名$/).waitFor();
      assert.equal(await v.getByText(/已学习/).count(), 0, 'no study time before the live');
      // Two hours ahead: sign-in opens 15 minutes before the start.
      await live.getByText('开课前 15 分钟开放签到').waitFor();
      await toast(v, '报名成功');
      await v.screenshot({ path: `${artifacts}classroom-live-1280.png`, fullPage: true });

      // The provider console lists the enrollment.
      const console1280 = await owner.newPage();
      await console1280.goto(
        `${baseUrl}/provider-console/${org.id}/courses/${course.id}?tab=enrollments`,
      );
      await console1280.getByText('报名名单 · 共 1 人').waitFor();
      const firstRow = console1280.getByRole('row').filter({ hasText: masked(firstPhone) });
      await firstRow.getByRole('cell', { name: '林晓', exact: true }).waitFor();
      await firstRow.getByRole('cell', { name: '三亚椰林电商有限公司', exact: true }).waitFor();
      await console1280.screenshot({
        path: `${artifacts}console-enrollments-1280.png`,
        fullPage: true,
      });
      const ownerState = await owner.storageState();
      // One holder of the refresh cookie at a time (a rotated token used twice ends the session).
      await owner.close();

      // 375 px: another user takes the last place.
      const second = await open(phoneViewport, `/classroom/courses/${course.id}`);
      sessions.push(second);
      const m = second.page;
      await m.getByRole('heading', { level: 1, name: title }).waitFor();
      const liveOnPhone = m.getByRole('region', { name: '直播报名与签到' });
      await liveOnPhone.getByRole('link', { name: /登录后报名/ }).click();
      const secondPhone = randomPhone();
      await registerBySms(m, secondPhone);
      await m.getByRole('heading', { level: 1, name: title }).waitFor();
      await liveOnPhone.getByText('2 人 · 剩余 1 个').waitFor();
      await liveOnPhone.getByRole('button', { name: /^报\s*名$/ }).click();
      const detailsOnPhone = m.getByRole('dialog', { name: '报名信息' });
      await detailsOnPhone.getByLabel('姓名').fill('周宁');
      assert.equal(await horizontalOverflow(m), 0, 'the enrollment dialog fits 375 px');
      await detailsOnPhone.getByRole('button', { name: '确认报名' }).click();
      await detailsOnPhone.waitFor({ state: 'hidden' });
      await liveOnPhone.getByText('已报名').waitFor();
      await liveOnPhone.getByText('2 人 · 剩余 0 个').waitFor();
      await toast(m, '报名成功');
      assert.equal(await horizontalOverflow(m), 0, 'the live course page fits 375 px');
      await m.screenshot({ path: `${artifacts}classroom-live-375.png`, fullPage: true });

      // Full now: the first visitor, back on the page, is still enrolled; no one else can be.
      await v.reload();
      await live.getByText('已报名').waitFor();
      await live.getByText('2 人 · 剩余 0 个').waitFor();

      // The provider on a phone: both enrollments, the table scrolling inside its card.
      const phoneConsole = await open(
        phoneViewport,
        `/provider-console/${org.id}/courses/${course.id}?tab=enrollments`,
        ownerState,
      );
      sessions.push(phoneConsole);
      const pc = phoneConsole.page;
      await pc.getByText('报名名单 · 共 2 人').waitFor();
      await pc
        .getByRole('row')
        .filter({ hasText: masked(firstPhone) })
        .waitFor();
      await pc
        .getByRole('row')
        .filter({ hasText: masked(secondPhone) })
        .getByRole('cell', { name: '周宁', exact: true })
        .waitFor();
      assert.equal(await horizontalOverflow(pc), 0, 'the enrollment list fits 375 px');
      // The five tabs do not fit: the row says so with 更多 (issue 21 item 13), which opens
      // the tabs left out.
      const more = pc
        .locator('.ant-tabs-nav-operations')
        .getByRole('button', { name: '更多', exact: true });
      await more.click();
      await pc.getByRole('option', { name: '签到二维码' }).waitFor();
      await pc.keyboard.press('Escape');
      await pc.screenshot({ path: `${artifacts}console-enrollments-375.png`, fullPage: true });

      for (const session of sessions) assert.deepEqual(session.failures, []);
    } finally {
      // Leave the catalog as the demo made it, for the next run against this server.
      await ownerApi('POST', `/orgs/${org.id}/courses/${course.id}/unlist`);
      for (const session of sessions) await session.context.close();
    }
  });
});
