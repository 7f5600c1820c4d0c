// Search as a reader uses it, in Chromium: the box on every page, results that link to entries,
// the Traditional edition (searching the one Simplified index), and the plain form without JavaScript.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAndServe, type ServedSite } from '../support/site.ts';

let site: ServedSite;

beforeAll(async () => {
  site = await buildAndServe();
});

afterAll(async () => {
  await site?.close();
});

async function openPage(address: string): Promise<{ page: Page; requests: string[] }> {
  const page = await (await site.browser.newContext()).newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${site.server.url}${address}`);
  return { page, requests };
}

/** Types a query into the page's search box and returns the live results' titles and chapters. */
async function searchFor(page: Page, query: string) {
  await page.getByRole('searchbox', { name: /搜索|搜尋/ }).fill(query);
  const results = page.locator('.search-results .search-result-list li');
  await results.first().waitFor();
  return {
    titles: await results.locator('.search-result-title').allInnerTexts(),
    chapters: await results.locator('.search-result-chapter').allInnerTexts(),
    results,
  };
}

describe('search', () => {
  it('loads nothing for search until the reader types, then finds 党员 and follows a result to its entry', async () => {
    const { page, requests } = await openPage('2020/');
    expect(requests.some((u) => u.includes('/pagefind/'))).toBe(false);
    const { titles, chapters, results } = await searchFor(page, '党员');
    expect(requests.some((u) => u.endsWith('/pagefind/pagefind.js'))).toBe(true);
    expect(titles).toContain('党组织建设');
    expect(chapters.every((c) => c === '组织工作 · 中山年鉴·2020')).toBe(true);
    await results.locator('.search-result-title', { hasText: /^党组织建设$/ }).click();
    await page.waitForURL(/zuzhi-gongzuo/);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#党组织建设');
    expect(await page.locator('section.entry#党组织建设 h2').innerText()).toBe('党组织建设');
  });

  it.each([
    ['人才节', '2019年中山人才节'],
    // Phrases (in quotes: words next to each other), split into words in the browser as the index
    // has them. With Pagefind's own splitting (党组|织, 在中|山) neither found anything.
    ['"基层党组织"', '党组织建设'],
    ['"在中山"', '2019年中山人才节'],
    ['三会一课', '“不忘初心、牢记使命”主题教育'],
  ])('finds %s in the entry %s', async (query, title) => {
    const { page } = await openPage('2020/zuzhi-gongzuo/');
    const { titles } = await searchFor(page, query);
    expect(titles).toContain(title);
  });

  it.each([
    ['黨員', '黨組織建設'],
    ['人才節', '2019年中山人才節'],
    ['"基層黨組織"', '黨組織建設'],
  ])('finds %s on a Traditional page, with results in the Traditional edition', async (query, title) => {
    const { page } = await openPage('hant/2020/zuzhi-gongzuo/');
    const { titles, results } = await searchFor(page, query);
    expect(titles).toContain(title);
    const href = await results.locator('.search-result-title', { hasText: title }).first().getAttribute('href');
    expect(href).toMatch(/^\/hant\/2020\/zuzhi-gongzuo\/#/);
  });

  it('shows full results on the search page for ?q=', async () => {
    const { page } = await openPage(`search/?q=${encodeURIComponent('人才')}`);
    const items = page.locator('#search-page-results .search-result-list li');
    await items.first().waitFor();
    expect(await items.count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByRole('searchbox').inputValue()).toBe('人才');
  });

  it('says when nothing is found', async () => {
    const { page } = await openPage('2020/');
    await page.getByRole('searchbox').fill('量子计算机');
    await expect.poll(() => page.locator('.search-results .search-status').innerText()).toBe('没有找到相关条目');
  });

  it('without JavaScript, the search box opens the search page, which points to the subject index', async () => {
    const context = await site.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.server.url}2020/zuzhi-gongzuo/`);
    await page.getByRole('searchbox').fill('党员');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.waitForURL(/\/search\/\?q=/);
    expect(decodeURIComponent(new URL(page.url()).search)).toBe('?q=党员');
    await page.getByRole('link', { name: '主题索引' }).first().click();
    await page.waitForURL(/\/subject-index\/$/);
    expect(await page.locator('h1').innerText()).toBe('主题索引');
    await context.close();
  });
});
