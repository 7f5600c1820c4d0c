// Hostile content (tests/fixtures/hostile/): script in Markdown, raw HTML, links, sidebar labels,
// titles, author names, categories and the site and volume titles builds into pages where nothing
// runs. Proved twice: no file of the output carries an event handler or a script address, and
// Chromium runs every page (and every handler it could have) without a dialog or a side effect.
// Slugs and file names cannot make the build write outside its output folder.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { ROOT, runCli } from '../support/cli.ts';
import { chapterFile, VOLUME_2020 } from '../support/content.ts';
import { elements } from '../support/links.ts';
import { scanHtml, scanSite } from '../support/security.ts';
import { serveStatic, type StaticServer } from '../support/server.ts';
import { buildSite, listFiles, type BuiltSite } from '../support/site.ts';

const HOSTILE = path.join(ROOT, 'tests', 'fixtures', 'hostile');
/**
 * The site's own scripts, by path: assets/site.js and assets/sort-table.js, relative to the page or
 * (on the 404 pages, served at any depth) from the site's root path. Pagefind's bundle is loaded by
 * site.js (import()), never by a <script> element.
 */
const OWN_SCRIPT = /^(\.\/|(\.\.\/)*|\/([^/]+\/)*)assets\/(site|sort-table)\.js$/;
const ownScript = (src: string) => OWN_SCRIPT.test(src);
/** The site's own scripts as Chromium lists them (absolute addresses on the test server). */
const ownScriptUrl = (url: string) => /^http:\/\/127\.0\.0\.1:\d+\/([^/]+\/)*assets\/(site|sort-table)\.js$/.test(url);

let site: BuiltSite;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  site = buildSite({ content: HOSTILE });
  server = await serveStatic(site.out);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('hostile content, built', () => {
  it('builds (raw HTML is left out with a warning) into every kind of page', () => {
    expect(site.html).toEqual(
      ['', 'hant/'].flatMap((script) => [
        `${script}2020/attack/data/index.html`,
        `${script}2020/attack/index.html`,
        `${script}2020/data/index.html`,
        `${script}2020/glossary/index.html`,
        `${script}2020/index.html`,
        `${script}2020/subject-index/index.html`,
        `${script}404.html`,
        `${script}index.html`,
        `${script}search/index.html`,
        `${script}subject-index/index.html`,
      ]).sort(),
    );
    // The files beside the pages, which the scans below cover too.
    expect(site.files).toEqual(
      expect.arrayContaining([
        '2020/attack/record.json', '2020/attack/data/facts.json', '2020/attack/data/facts.csv', '2020/data/facts.json', 'feed.xml', 'sitemap.xml', 'pagefind/pagefind.js', 'assets/site.js', 'assets/sort-table.js', 'assets/search-excerpt.js',
      ]),
    );
    // The hostile label reached the data tables (as text), so that the scans see it there.
    expect(readFileSync(path.join(site.out, '2020/data/index.html'), 'utf8')).toContain('培训&lt;script&gt;window.__pwned=1&lt;/script&gt;党员');
  });

  it('leaves no event handler, script address, or foreign script in any output file', () => {
    expect(site.files.length).toBeGreaterThanOrEqual(40);
    expect(scanSite(site.out, site.files, ownScript)).toEqual([]);
    // JSON-LD blocks carry the hostile titles as data that cannot end their <script> element.
    const chapter = readFileSync(path.join(site.out, '2020/attack/index.html'), 'utf8');
    const jsonLd = elements(chapter).filter((el) => el.name === 'script' && el.attribs.type === 'application/ld+json');
    expect(jsonLd).toHaveLength(1);
    expect(chapter).toContain('"name":"组织工作\\">\\u003cscript>window.__pwned=1;alert(1)\\u003c/script>"');
  });

  it('keeps the hostile titles, names and labels as visible text, escaped', () => {
    const page = readFileSync(path.join(site.out, '2020/attack/index.html'), 'utf8');
    expect(elements(page).filter((el) => el.name === 'h1')).toHaveLength(1);
    expect(page).toContain('<h1>组织工作&#34;&gt;&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;</h1>');
    expect(page).toContain('黄春明&#34;&gt;&lt;svg onload=');
    expect(page).toContain('<h3 class="sidebar-title">&lt;img src=x onerror=');
    // The chapter's own markup holds nothing but text, links and the site's elements.
    const article = page.slice(page.indexOf('<article'), page.indexOf('</article>'));
    const tags = new Set(elements(article).map((el) => el.name));
    for (const tag of ['script', 'svg', 'math', 'mi', 'iframe', 'style', 'form']) expect(tags.has(tag), `<${tag}> in the chapter`).toBe(false);
    // No link of the chapter leads anywhere but to pages of the site (relative addresses that stay
    // inside it), its anchors, and http(s).
    const pageUrl = new URL('https://site.test/2020/attack/');
    for (const el of elements(article)) {
      const href = el.attribs.href;
      if (el.name !== 'a' || href === undefined) continue;
      if (/^https?:\/\//.test(href)) continue;
      expect(href, 'a relative address: no scheme, not from the root').toMatch(/^(#|\.\.?\/|[^/:?#]+(\/|$))/);
      expect(new URL(href, pageUrl).origin, href).toBe(pageUrl.origin);
    }
  });

  /** Opens a page of the site in a fresh context; `dialogs` collects every alert, confirm or prompt. */
  async function open(file: string) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${server.url}${file}`);
    await page.waitForLoadState('load');
    return { context, page, dialogs };
  }

  it('runs no script in Chromium, on load or on any event', async () => {
    for (const file of site.html) {
      const { context, page, dialogs } = await open(file);
      const live = await page.evaluate(() => {
        // Fire every handler an element could carry; links must not navigate away meanwhile.
        document.addEventListener('click', (e) => e.preventDefault(), true);
        for (const el of Array.from(document.querySelectorAll('*'))) {
          for (const type of ['mouseover', 'mouseenter', 'focus', 'click', 'error', 'load', 'animationstart']) el.dispatchEvent(new Event(type, { bubbles: true }));
        }
        const handlers = Array.from(document.querySelectorAll('*')).flatMap((el) => Array.from(el.attributes).filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`));
        const addresses = Array.from(document.querySelectorAll('a[href], area[href], img[src], iframe[src]')).map((el) => (el as HTMLAnchorElement).href ?? (el as HTMLImageElement).src);
        return {
          pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
          handlers,
          scriptAddresses: addresses.filter((a) => /^(javascript|vbscript|data):/i.test(a)),
          // JSON-LD is data: the browser does not run a script of that type.
          scripts: Array.from(document.scripts).map((s) => s.src || (s.type === 'application/ld+json' ? 'JSON-LD' : 'inline')),
        };
      });
      await page.waitForTimeout(100);
      expect(dialogs, file).toEqual([]);
      expect(live, file).toEqual({ pwned: null, handlers: [], scriptAddresses: [], scripts: live.scripts.filter((s) => ownScriptUrl(s) || s === 'JSON-LD') });
      await context.close();
    }
  });

  it.each(['search/index.html', 'hant/search/index.html'])('runs no script when %s shows the hostile text as search results', async (file) => {
    const { context, page, dialogs } = await open(file);
    await page.locator('input[type="search"]').first().fill('pwned');
    await page.locator('input[type="search"]').first().press('Enter');
    // Pagefind's excerpts of the hostile entries are drawn as results.
    await page.locator('.search-result-excerpt').first().waitFor({ timeout: 10_000 });
    await page.waitForTimeout(200);
    const live = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
      results: document.querySelectorAll('.search-result-excerpt').length,
      excerpts: Array.from(document.querySelectorAll('.search-result-excerpt *')).map((el) => el.tagName),
      handlers: Array.from(document.querySelectorAll('*')).flatMap((el) => Array.from(el.attributes).filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`)),
    }));
    expect(dialogs).toEqual([]);
    expect(live.results).toBeGreaterThan(0);
    expect(live).toEqual({ pwned: null, results: live.results, excerpts: live.excerpts.filter((t) => t === 'MARK'), handlers: [] });
    await context.close();
  });
});

describe('the output scanner', () => {
  it('finds handlers and script addresses however they are written, and not in escaped text', () => {
    expect(scanHtml('<p title="a onclick=b">x onclick=y</p><a href="#x">ok</a>')).toEqual([]);
    expect(scanHtml('<img src=x onerror=alert(1)>')).toEqual(['event handler in tag: <img src=x onerror=alert(1)>', 'event handler attribute onerror on <img>']);
    expect(scanHtml('<a href="jav&#x61;script:alert(1)">x</a>')).toEqual(['script address in href of <a>: javascript:alert(1)']);
    expect(scanHtml('<a href="&#x20;java\tscript:alert(1)">x</a>')).toHaveLength(1);
    expect(scanHtml('<svg><a xlink:href="javascript:alert(1)">x</a></svg>')).toHaveLength(1);
    expect(scanHtml('<iframe src="https://example.org/"></iframe>')).toEqual(['<iframe> element']);
    expect(scanHtml('<script>alert(1)</script><script src="assets/site.js"></script><script src="assets/evil.js"></script>', ownScript)).toEqual([
      "<script> that is not one of the site's own files: inline",
      "<script> that is not one of the site's own files: assets/evil.js",
    ]);
    expect(scanHtml('<script src="//evil.example/assets/site.js"></script><script src="/yearbook/assets/site.js"></script>', ownScript)).toEqual([
      "<script> that is not one of the site's own files: //evil.example/assets/site.js",
    ]);
    // A ">" or "<" inside a quoted value neither ends the tag nor starts one; a stray quote hides nothing.
    expect(scanHtml('<aside aria-label="<img src=x onerror=&#x22;alert(1)&#x22;>">x</aside>')).toEqual([]);
    expect(scanHtml('<p title="a>b" onclick="x">y</p>')).toEqual(['event handler in tag: <p title="a>b" onclick="x">', 'event handler attribute onclick on <p>']);
    expect(scanHtml('<img src=x" onerror=alert(1)>')).toHaveLength(2);
    // JSON-LD is data, and must not be able to end its <script> element or carry a script address.
    expect(scanHtml('<script type="application/ld+json">{"name":"a\\u003c/script>"}</script>')).toEqual([]);
    expect(scanHtml('<script type="application/ld+json">{"name":"</script><script>alert(1)</script>"}</script>')).not.toEqual([]);
    expect(scanHtml('<script type="application/ld+json">{"url":"javascript:alert(1)"}</script>')).toEqual(['in JSON-LD, url: script address javascript:alert(1)']);
    expect(scanHtml('<script type="application/ld+json">{"name":"<b>"}</script>')).toHaveLength(1);
  });
});

describe('slugs and file names', () => {
  const badSlugs = ['../x', '../../etc', '/etc/passwd', 'a/b', '..', 'x/../../y', '%2e%2e', 'C:\\x', 'a b', 'Zuzhi'];
  const badNames = ['a..b.md', '组织工作.md', 'x%2F..%2Fy.md', 'UPPER.md'];

  function sandbox(files: Record<string, string>) {
    const work = mkdtempSync(path.join(tmpdir(), 'yearbook-slug-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(work, 'content', name)), { recursive: true });
      writeFileSync(path.join(work, 'content', name), text);
    }
    return work;
  }

  it.each(badSlugs)('refuses the front-matter slug %j with a clear error, and writes nothing', (slug) => {
    const work = sandbox({ '2020/volume.yml': VOLUME_2020, '2020/ok.md': chapterFile(`title: 标题\nslug: ${JSON.stringify(slug)}`, '## 条目\n\n正文。\n') });
    const before = listFiles(work);
    for (const command of ['check', 'build']) {
      const result = runCli([command, '--content', 'content', ...(command === 'build' ? ['--out', 'deep/dist'] : [])], { cwd: work });
      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr).toContain(`content/2020/ok.md:3:7 网址名 slug 只能用小写英文字母、数字和连字符`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect(listFiles(work)).toEqual(before);
    expect(readdirSync(path.dirname(work)).filter((n) => n.startsWith('.dist') || n === 'x' || n === 'y')).toEqual([]);
  });

  it.each(badNames)('refuses the file name %j as a slug, and writes nothing', (name) => {
    const work = sandbox({ '2020/volume.yml': VOLUME_2020, [`2020/${name}`]: chapterFile('title: 标题', '## 条目\n\n正文。\n') });
    const before = listFiles(work);
    const result = runCli(['build', '--content', 'content', '--out', 'dist'], { cwd: work });
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toContain(`content/2020/${name}:1:1 文件名“${name.slice(0, -3)}”不能用作网址名`);
    expect(listFiles(work)).toEqual(before);
  });
});
