// Reader features in Chromium: the script switch keeps the reader's place, citations select
// whole, term links reach their definition, and a chapter prints as a yearbook page.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { chapterFile, makeContent, VOLUME_2020 } from '../support/content.ts';
import { serveStatic } from '../support/server.ts';
import { buildAndServe, type ServedSite } from '../support/site.ts';

let site: ServedSite;
const CHAPTER = '2020/zuzhi-gongzuo/';

beforeAll(async () => {
  site = await buildAndServe();
});

afterAll(async () => {
  await site?.close();
});

async function open(address: string, options: { javaScriptEnabled?: boolean } = {}) {
  const page = await (await site.browser.newContext(options)).newPage();
  await page.goto(`${site.server.url}${address}`);
  return page;
}

describe('the switch between Simplified and Traditional', () => {
  it('keeps the reader at the same entry', async () => {
    const page = await open(`${CHAPTER}#人才工作`);
    await page.getByRole('link', { name: '繁體' }).click();
    await page.waitForURL(/\/hant\//);
    expect(new URL(page.url()).pathname).toBe(`/hant/${CHAPTER}`);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#人才工作');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-Hant-HK');
    expect(await page.locator('section.entry#人才工作 h2').innerText()).toBe('人才工作');
    expect(await page.locator('h1').innerText()).toBe('組織工作');
    await page.getByRole('link', { name: '简体' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/hant/'));
    expect(new URL(page.url()).pathname).toBe(`/${CHAPTER}`);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#人才工作');
  });

  it('without JavaScript, opens the same page in the other script', async () => {
    const page = await open(CHAPTER, { javaScriptEnabled: false });
    await page.getByRole('link', { name: '繁體' }).click();
    await page.waitForURL(/\/hant\//);
    expect(new URL(page.url()).pathname).toBe(`/hant/${CHAPTER}`);
  });
});

describe('citations and terms', () => {
  it('opens the citation of an entry and selects it whole with one click, without JavaScript', async () => {
    const page = await open(CHAPTER, { javaScriptEnabled: false });
    const entry = page.locator('section.entry#党组织建设');
    await entry.getByText('引用本条目').click();
    const citation = entry.locator('code.citation');
    await citation.click();
    const selected = await page.evaluate(() => window.getSelection()?.toString());
    expect(selected).toBe('黄春明. 党组织建设[M/OL]//中山年鉴编纂委员会. 中山年鉴·2020：政治·组织工作. 2020. https://nianjian.example.org/2020/zuzhi-gongzuo/#党组织建设');
  });

  it('takes the reader from a term in the text to its definition', async () => {
    const page = await open(CHAPTER);
    await page.locator('section.entry#不忘初心-牢记使命-主题教育 a.term', { hasText: '三会一课' }).click();
    await page.waitForURL(/glossary/);
    const term = page.locator('dt#term-三会一课');
    expect(await term.innerText()).toBe('三会一课');
    expect(await term.locator('xpath=following-sibling::dd[1]').innerText()).toContain('指定期召开支部党员大会');
  });
});

describe('print', () => {
  it('prints a chapter as a yearbook page: no navigation, 【】 titles, boxed sidebars', async () => {
    const page = await open(CHAPTER);
    await page.emulateMedia({ media: 'print' });
    const hidden = await page.evaluate(() =>
      ['.site-header', '.breadcrumbs', '.toc', '.site-footer', '.cite'].map((s) => {
        const el = document.querySelector(s);
        return el ? getComputedStyle(el).display : 'missing';
      }),
    );
    expect(hidden).toEqual(['none', 'none', 'none', 'none', 'none']);
    const title = await page.locator('.entry-title').first().evaluate((el) => ({
      before: getComputedStyle(el, '::before').content,
      after: getComputedStyle(el, '::after').content,
      weight: Number(getComputedStyle(el).fontWeight),
    }));
    expect(title).toEqual({ before: '"【"', after: '"】"', weight: 700 });
    const box = await page.locator('aside.sidebar').evaluate((el) => {
      const s = getComputedStyle(el);
      return { style: s.borderTopStyle, width: parseFloat(s.borderTopWidth), color: s.borderTopColor };
    });
    expect(box).toEqual({ style: 'solid', width: 1, color: 'rgb(0, 0, 0)' });
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('.site-header').evaluate((el) => getComputedStyle(el).display)).not.toBe('none');
  });

  it('produces a PDF of the chapter in Chromium', async () => {
    const page = await open(CHAPTER);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    writeFileSync(path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-pdf-')), 'chapter.pdf'), pdf);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.length).toBeLessThanOrEqual(10);
  });

  it('shows the address of a link after it in print', async () => {
    const content = makeContent({
      '2020/volume.yml': VOLUME_2020,
      '2020/links.md': chapterFile('title: 网站建设\ncategory: 政治', '## 门户网站\n\n市政府门户网站[中山政府网](https://www.zs.gov.cn/)全年发布信息。\n'),
    });
    const out = path.join(path.dirname(content), 'site');
    expect(runCli(['build', '--content', content, '--out', out]).status).toBe(0);
    const server = await serveStatic(out);
    try {
      const page = await site.browser.newPage();
      await page.goto(`${server.url}2020/links/`);
      const link = page.locator('.entry-body a[href^="https:"]');
      expect(await link.evaluate((el) => getComputedStyle(el, '::after').content)).toBe('none');
      await page.emulateMedia({ media: 'print' });
      expect(await link.evaluate((el) => getComputedStyle(el, '::after').content)).toBe('"（https://www.zs.gov.cn/）"');
    } finally {
      await server.close();
    }
  });
});
