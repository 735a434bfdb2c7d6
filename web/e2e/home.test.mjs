import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { artifacts, baseUrl, desktop, launch, newContext, phone } from './browser.mjs';

describe('home page', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  async function open(viewport) {
    const context = await newContext(browser, { viewport });
    const page = await context.newPage();
    const failures = [];
    page.on('pageerror', (error) => failures.push(error));
    await page.goto(baseUrl + '/');
    return { context, page, failures };
  }

  it('shows the navigation and the categories from the API at 1280 px', async () => {
    const { context, page, failures } = await open(desktop);

    await page.getByRole('link', { name: '课堂 Ketang' }).waitFor();
    const nav = page.getByRole('menu', { name: '菜单' });
    for (const name of ['首页', '人才培养·云课堂', '培训班级', '会员服务', '用户中心']) {
      await nav.getByRole('menuitem', { name }).waitFor();
    }
    const categories = page.getByRole('list', { name: '课程分类' });
    await categories.getByRole('link', { name: /跨境电商实务/ }).waitFor();
    assert.ok(
      (await categories.getByRole('listitem').count()) >= 6,
      'the seeded topics are listed',
    );
    await page.screenshot({ path: `${artifacts}home-1280.png`, fullPage: true });
    assert.deepEqual(failures, []);
    await context.close();
  });

  it('fits 375 px and opens the drawer menu', async () => {
    const { context, page, failures } = await open(phone);

    await page.getByRole('list', { name: '课程分类' }).getByText('跨境电商实务').waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.equal(overflow, 0, 'no horizontal scrolling at 375 px');
    await page.screenshot({ path: `${artifacts}home-375.png`, fullPage: true });

    await page.getByRole('button', { name: '菜单' }).click();
    const drawer = page.getByRole('dialog');
    for (const name of ['首页', '人才培养·云课堂', '培训班级', '会员服务', '用户中心']) {
      await drawer.getByRole('menuitem', { name }).waitFor();
    }
    await page.waitForTimeout(400); // let the slide-in finish for the screenshot
    await page.screenshot({ path: `${artifacts}home-375-menu.png` });
    await drawer.getByRole('menuitem', { name: '培训班级' }).click();
    // Training classes are an org's: signed out, the visitor is asked to sign in first.
    await page.waitForURL((url) => url.pathname === '/login');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/classes');
    assert.deepEqual(failures, []);
    await context.close();
  });

  it('switches to English and remembers it', async () => {
    const { context, page } = await open(desktop);

    await page.getByText('English', { exact: true }).click();
    await page
      .getByRole('list', { name: 'Course topics' })
      .getByText('Cross-border e-commerce practice')
      .waitFor();
    await page.reload();
    await page.getByRole('menuitem', { name: 'Training classes' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.screenshot({ path: `${artifacts}home-1280-en.png`, fullPage: true });
    await context.close();
  });

  it('loads deep links from the server and shows a 404 page for unknown ones', async () => {
    const { context, page } = await open(desktop);

    await page.goto(baseUrl + '/no/such/page');
    await page.getByText('页面不存在', { exact: true }).waitFor();
    await context.close();
  });
});
