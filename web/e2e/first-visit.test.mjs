// What a first-time visitor meets (issue 21), against the real server in sandbox mode, at
// 1280 px and at 375 px: a page load asks the server for no session it cannot have (no
// POST /auth/refresh, nothing in the console), every page names itself in the browser tab,
// the sign-in buttons are named by their text alone, no form leans on the browser's own
// validation bubbles, and course cards keep long topics inside them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { artifacts, baseUrl, desktop, launch, newContext, phone } from './browser.mjs';

/** Public pages, each with a text it shows once loaded and the title its tab must carry. */
const pages = [
  ['/', '课程分类', '首页 · 课堂 Ketang'],
  ['/classroom', '共 ', '人才培养·云课堂 · 课堂 Ketang'],
  ['/membership', '会员服务', '会员服务 · 课堂 Ketang'],
  ['/membership/register', '会员注册', '会员注册 · 课堂 Ketang'],
  ['/membership/status', '查询审核进度', '查询审核进度 · 课堂 Ketang'],
  ['/membership/login', '会员登录', '会员登录 · 课堂 Ketang'],
  ['/login', '短信登录', '登录 · 课堂 Ketang'],
  ['/reset-password', '重置密码', '重置密码 · 课堂 Ketang'],
  ['/developers', '开发者文档', '开发者文档 · 课堂 Ketang'],
  ['/no/such/page', '页面不存在', '页面不存在 · 课堂 Ketang'],
];

/** Inputs whose constraints would make the browser stop a submit with its own bubble. */
function nativeConstraints() {
  return [
    ...document.querySelectorAll(
      'form:not([novalidate]) :is(input[type=url], input[type=email], input[type=number], [required], [pattern], input[min], input[max], input[step])',
    ),
  ].map((input) => input.outerHTML.slice(0, 120));
}

describe('a first visit', { timeout: 240_000 }, () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  /** A fresh visitor's page: every console message of an error kind and every API call noted. */
  async function open(viewport, { english = false } = {}) {
    const context = await newContext(browser, { viewport });
    if (english) {
      await context.addInitScript(() => window.localStorage.setItem('ketang.language', 'en'));
    }
    const page = await context.newPage();
    const failures = [];
    const calls = [];
    page.on('pageerror', (error) => failures.push(String(error)));
    page.on('console', (message) => {
      // Nothing is let through: a 4xx answer is logged by Chromium as an error, too.
      if (message.type() === 'error') {
        failures.push(`${message.text()} (${message.location().url})`);
      }
    });
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/')) calls.push(`${request.method()} ${url.pathname}`);
    });
    return { context, page, failures, calls };
  }

  before(async () => {
    // A listed course and its provider, as the demo made them.
    const answer = await fetch(`${baseUrl}/api/v1/courses?page_size=1`);
    const [course] = (await answer.json()).items;
    pages.push(
      [`/classroom/courses/${course.id}`, course.title, '课程详情 · 课堂 Ketang'],
      [
        `/classroom/providers/${course.provider_id}`,
        course.provider_name,
        '服务商详情 · 课堂 Ketang',
      ],
    );
  });

  for (const [name, viewport] of [
    ['1280 px', desktop],
    ['375 px', phone],
  ]) {
    it(`loads the public pages quietly, each with its own title (${name})`, async () => {
      const { context, page, failures, calls } = await open(viewport);
      const titles = new Set();
      for (const [path, text, title] of pages) {
        await page.goto(baseUrl + path);
        await page.getByText(text).first().waitFor();
        await page
          .waitForFunction((wanted) => document.title === wanted, title, { timeout: 10_000 })
          .catch(async (error) => {
            error.message += ` (${path}: the title is ${JSON.stringify(await page.title())})`;
            throw error;
          });
        titles.add(await page.title());
        assert.deepEqual(await page.evaluate(nativeConstraints), [], `${path}: no native bubbles`);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        assert.equal(overflow, 0, `${path} fits ${name}`);
      }
      assert.equal(titles.size, pages.length, 'every page has a title of its own');
      // Issue 21 item 14: a visitor never signed in here, so there is no cookie to exchange.
      assert.deepEqual(
        calls.filter((call) => call.includes('/auth/')),
        calls.filter((call) => call === 'GET /api/v1/auth/sso/providers'),
        'no session refresh on an anonymous load',
      );
      assert.deepEqual(failures, []);
      await context.close();
    });
  }

  it('names the sign-in buttons by their text alone', async () => {
    const { context, page, failures } = await open(desktop);
    await page.goto(`${baseUrl}/login`);
    const others = page.getByRole('region', { name: '其他登录方式' });
    // Exact names: an icon's own name ("wechat 微信扫码登录") would not match.
    await others.getByRole('button', { name: '微信扫码登录', exact: true }).waitFor();
    await others.getByRole('button', { name: '钉钉登录', exact: true }).waitFor();
    assert.deepEqual(failures, []);
    await context.close();
  });

  for (const [name, viewport] of [
    ['1280 px', desktop],
    ['375 px', phone],
  ]) {
    it(`keeps long English topics inside the course cards (${name})`, async () => {
      const { context, page, failures } = await open(viewport, { english: true });
      await page.goto(`${baseUrl}/classroom`);
      const cards = page.getByRole('list', { name: 'Courses' }).getByRole('listitem');
      await cards.first().waitFor();
      await page
        .getByText(/Languages and cross-cultural/)
        .first()
        .waitFor();
      await page.waitForFunction(() => document.title === 'Cloud classroom · 课堂 Ketang');
      const outside = await page.evaluate(() =>
        [...document.querySelectorAll('.course-card')].flatMap((card) => {
          const box = card.getBoundingClientRect();
          return [...card.querySelectorAll('.ant-tag')]
            .filter((tag) => tag.getBoundingClientRect().right > box.right + 0.5)
            .map((tag) => tag.textContent);
        }),
      );
      assert.deepEqual(outside, [], 'no tag sticks out of its card');
      const cut = page.locator('.course-card .ant-tag', { hasText: /Languages and cross/ });
      assert.equal(
        await cut.first().getAttribute('title'),
        'Languages and cross-cultural communication',
      );
      const file =
        viewport === phone ? 'classroom-cards-en-375.png' : 'classroom-cards-en-1280.png';
      await page.screenshot({ path: `${artifacts}${file}`, fullPage: true });
      assert.deepEqual(failures, []);
      await context.close();
    });
  }
});
