// Search across volumes and scripts, in Chromium: each volume has its own bundle, merged in the
// browser; the Traditional edition searches the one Simplified index through OpenCC's converters,
// which are loaded only when a reader searches there.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTraditional } from '../../src/pipeline/traditional.ts';
import { launchBrowser } from '../support/browser.ts';
import { makeContent, twoVolumes } from '../support/content.ts';
import { serveStatic, type StaticServer } from '../support/server.ts';
import { buildSite, type BuiltSite } from '../support/site.ts';

let site: BuiltSite;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  site = buildSite({ content: makeContent(twoVolumes()) });
  server = await serveStatic(site.out);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(address: string): Promise<{ page: Page; requests: string[] }> {
  const page = await (await browser.newContext()).newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(`${server.url}${address}`);
  return { page, requests };
}

/** Types a query into the search box; returns each live result's title, chapter, link, excerpt and marks. */
async function searchFor(page: Page, query: string) {
  await page.getByRole('searchbox').fill(query);
  const items = page.locator('.search-results .search-result-list li');
  await items.first().waitFor();
  return items.evaluateAll((lis) =>
    lis.map((li) => ({
      title: li.querySelector('.search-result-title')!.textContent!,
      chapter: li.querySelector('.search-result-chapter')!.textContent!,
      href: li.querySelector('.search-result-title')!.getAttribute('href')!,
      excerpt: li.querySelector('.search-result-excerpt')!.textContent!,
      marks: Array.from(li.querySelectorAll('.search-result-excerpt mark'), (m) => m.textContent),
    })),
  );
}

const OPENCC = '/pagefind/opencc/';

describe('search across volumes', () => {
  it('has one bundle per volume: the newest at pagefind/ with Pagefind’s script, the older with its index only', () => {
    const bundle = site.files.filter((f) => f.startsWith('pagefind/'));
    expect(bundle).toEqual(expect.arrayContaining(['pagefind/pagefind.js', 'pagefind/pagefind-worker.js', 'pagefind/pagefind-entry.json', 'pagefind/2019/pagefind-entry.json', 'pagefind/bundles.json']));
    expect(bundle.filter((f) => /(^|\/)(pagefind\.js|pagefind-worker\.js|wasm\.[\w-]+\.pagefind)$/.test(f))).toEqual(
      expect.not.arrayContaining([expect.stringMatching(/^pagefind\/2019\//)]),
    );
    expect(bundle.filter((f) => f.startsWith('pagefind/2020/'))).toEqual([]);
    // One index, in Simplified characters split into words here (of no language, see search-text.ts), in each bundle.
    for (const entry of ['pagefind/pagefind-entry.json', 'pagefind/2019/pagefind-entry.json']) {
      expect(Object.keys((JSON.parse(readFileSync(path.join(site.out, entry), 'utf8')) as { languages: object }).languages)).toEqual(['und']);
    }
    expect(JSON.parse(readFileSync(path.join(site.out, 'pagefind/bundles.json'), 'utf8'))).toEqual({ language: 'zh-cn', merge: ['2019/'] });
  });

  it('finds entries of both volumes on a Simplified page, and ranks the entry about the query first', async () => {
    const { page, requests } = await openPage('2020/');
    const results = await searchFor(page, '人才');
    expect(results.map((r) => [r.title, r.chapter, r.href])).toEqual([
      ['人才发展', '组织工作 · 中山年鉴·2019', '/2019/zuzhi-gongzuo/#人才发展'],
      ['干部工作', '组织工作 · 中山年鉴·2020', '/2020/zuzhi-gongzuo/#干部工作'],
    ]);
    expect(results[0]!.marks).toContain('人才');
    expect(requests).toContain('/pagefind/2019/pagefind-entry.json');
    expect(requests.filter((u) => u.startsWith(OPENCC))).toEqual([]);
  });

  it('finds 黨組織 on a Traditional page in both volumes, shown in Traditional with marks, linking into hant/', async () => {
    const { page, requests } = await openPage('hant/2020/zuzhi-gongzuo/');
    await page.locator('h1').waitFor();
    expect(requests.filter((u) => u.startsWith(OPENCC) || u.startsWith('/pagefind/'))).toEqual([]);
    const results = await searchFor(page, '黨組織');
    expect(results.map((r) => r.title).sort()).toEqual(['基層黨組織', '黨組織建設']);
    const entry = results.find((r) => r.title === '黨組織建設')!;
    expect(entry).toMatchObject({ chapter: '組織工作 · 中山年鑑·2020', href: '/hant/2020/zuzhi-gongzuo/#党组织建设' });
    // The marks of the same search on the Simplified page, converted (Pagefind's own segmentation decides what is marked).
    const simplified = (await searchFor((await openPage('2020/')).page, '党组织')).find((r) => r.title === '党组织建设')!;
    expect(simplified.marks.length).toBeGreaterThan(0);
    expect(entry.marks).toEqual(simplified.marks.map((m) => toTraditional(m!)));
    expect(entry.excerpt).toBe(toTraditional(simplified.excerpt));
    // Converted by phrase, as the page itself is: 幹部, 頭髮 and 發展, not 干部, 頭發 or 髮展.
    expect(entry.excerpt).toContain('幹部理了頭髮');
    expect(entry.excerpt).toContain('發展黨員');
    expect(results.find((r) => r.title === '基層黨組織')!.href).toBe('/hant/2019/zuzhi-gongzuo/#基层党组织');
    expect(requests).toEqual(expect.arrayContaining([`${OPENCC}t2cn.js`, `${OPENCC}cn2t.js`]));
  });

  it('shows a Traditional excerpt as the Traditional page has the text, and follows the link to it', async () => {
    const { page } = await openPage('hant/');
    const [result] = await searchFor(page, '頭髮');
    expect(result!.title).toBe('黨組織建設');
    const shown = result!.excerpt.replace(/…/g, '');
    await page.locator('.search-results .search-result-title').first().click();
    await page.waitForURL(/\/hant\/2020\/zuzhi-gongzuo\/#/);
    const text = await page.locator('section.entry[id="党组织建设"]').innerText();
    // The excerpt runs the entry's title and text together, as the page has them (white space as one space).
    for (const piece of shown.split(/\s+/).filter(Boolean)) expect(text).toContain(piece);
    expect(text.replace(/\s+/g, ' ')).toContain(shown.trim());
    expect(await page.locator('section.entry[id="党组织建设"] h2').innerText()).toBe('黨組織建設');
  });
});
