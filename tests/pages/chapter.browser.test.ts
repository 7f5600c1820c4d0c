// The built chapter page as a reader sees it, in Debian's Chromium.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBuiltSite, type OpenSite } from '../support/site.ts';

let site: OpenSite;
let page: Page;

beforeAll(async () => {
  site = await openBuiltSite();
  page = site.page;
  await page.goto(`${site.server.url}2020/zuzhi-gongzuo/`);
});

afterAll(async () => {
  await site?.close();
});

describe('the chapter page in a browser', () => {
  it('shows the title, volume and record year, and breadcrumbs', async () => {
    expect(await page.locator('h1').innerText()).toBe('组织工作');
    expect(await page.locator('.chapter-header .meta').innerText()).toContain('中山年鉴·2020');
    expect(await page.locator('.chapter-header .meta').innerText()).toContain('2019');
    expect(await page.locator('nav.breadcrumbs li').allInnerTexts()).toEqual(['首页', '中山年鉴·2020', '政治', '组织工作']);
    expect(await page.title()).toBe('组织工作 - 中山年鉴·2020');
  });

  it('lists the 8 entries in the table of contents, each jumping to its entry', async () => {
    const links = page.locator('nav.toc a');
    expect(await links.count()).toBe(8);
    await links.nth(7).click();
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#2019年中山人才节');
    expect(await page.locator('section.entry').nth(7).locator('h2').innerText()).toBe('2019年中山人才节');
  });

  it('sets sub-entry lead-ins in bold', async () => {
    const leadIns = page.locator('.subentry strong.lead-in');
    expect(await leadIns.count()).toBe(14);
    const weight = await leadIns.first().evaluate((el) => getComputedStyle(el).fontWeight);
    expect(Number(weight)).toBeGreaterThanOrEqual(700);
  });

  it('shows the 资料链接 box inside its entry, beside the text on a wide screen', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const sidebar = page.locator('section.entry').nth(2).locator('aside.sidebar');
    expect(await sidebar.locator('h3').innerText()).toBe('资料链接');
    expect(await sidebar.locator('dt').allInnerTexts()).toEqual(['“四个对照”：', '“四个找一找”：']);
    const body = await page.locator('section.entry').nth(2).locator('.entry-body').boundingBox();
    const box = await sidebar.boundingBox();
    expect(box!.x).toBeGreaterThan(body!.x + body!.width - 1);
  });

  it('shows the see-stub as plain text when its target chapter does not exist', async () => {
    const see = page.locator('section.entry-see p.see');
    expect(await see.innerText()).toBe('（详见“市情概览”类目“政治建设”分目）');
    expect(await see.locator('a').count()).toBe(0);
  });

  it('shows the signature and the compiler', async () => {
    expect(await page.locator('.signature').innerText()).toContain('（黄春明）');
    expect(await page.locator('.credits').innerText()).toContain('中山年鉴编纂委员会');
  });

  it('reads as Chinese: lang, CJK font, line height, no spurious spaces', async () => {
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    const style = await page.locator('.entry-body p').first().evaluate((el) => {
      const s = getComputedStyle(el);
      return { lineHeight: parseFloat(s.lineHeight) / parseFloat(s.fontSize), font: s.fontFamily };
    });
    expect(style.lineHeight).toBeGreaterThanOrEqual(1.7);
    expect(style.lineHeight).toBeLessThanOrEqual(1.9);
    expect(style.font).toMatch(/Noto Sans CJK SC/);
    // The only space between two Chinese characters is the one after a sub-entry's lead-in.
    const texts = await page.locator('.entry-body p').evaluateAll((ps) =>
      ps.map((p) => (p.textContent ?? '').replace(p.querySelector('.lead-in')?.textContent ?? '', '').trim()),
    );
    expect(texts.length).toBeGreaterThan(20);
    for (const text of texts) expect(text).not.toMatch(/[\p{Script=Han}，。；：、] +[\p{Script=Han}，。；：、]/u);
  });

  it('fits a phone screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('works without JavaScript', async () => {
    const context = await site.browser.newContext({ javaScriptEnabled: false });
    const noJs = await context.newPage();
    await noJs.goto(`${site.server.url}2020/zuzhi-gongzuo/`);
    expect(await noJs.locator('section.entry').count()).toBe(8);
    await context.close();
  });
});
