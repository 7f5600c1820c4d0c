// Accessibility of every kind of page, in Debian's Chromium: axe-core finds no WCAG 2.2 A/AA
// violation, and a keyboard user can reach and see every control, skip to the content, find the
// landmarks and follow the headings in order. The kinds of page are found from the built file tree
// (see tests/support/site.ts), so pages added later are checked without editing this file.
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCRIPTS } from '../../src/pipeline/traditional.ts';
import { launchBrowser } from '../support/browser.ts';
import { serveStatic, type StaticServer } from '../support/server.ts';
import { buildSite, buildSiteWithDrafts, chapterSlugs, pagesByKind } from '../support/site.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const sites = [
  { name: 'content/', site: buildSite() },
  { name: 'with a draft chapter', site: buildSiteWithDrafts() },
];
const servers: StaticServer[] = await Promise.all(sites.map(({ site }) => serveStatic(site.out)));
/** One page of each kind from each build: [label, url]. */
const pages: [string, string][] = [];
for (const [i, { name, site }] of sites.entries()) {
  for (const [kind, file] of pagesByKind(site.html, await chapterSlugs(site.content))) {
    pages.push([`${kind} (${file}, ${name})`, `${servers[i]!.url}${file}`]);
  }
}

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => s.close()));
});

async function open(url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const response = await page.goto(url);
  // The 404 page is served with status 404 by a real server; here it is a file like any other.
  expect(response?.ok(), url).toBe(true);
  return page;
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

async function axeViolations(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, WCAG_TAGS);
}

describe('axe-core, WCAG 2.2 A and AA', () => {
  it('finds pages of every kind: home, volume, chapter and 404 at the least', () => {
    const kinds = pages.map(([label]) => label.split(' ')[0]);
    expect(kinds).toEqual(expect.arrayContaining(['index.html', '404.html', '<edition>/index.html', '<edition>/<chapter>/index.html']));
  });

  it.each(pages)('no violations: %s (and on its search results, where it has a search box)', async (label, url) => {
    const page = await open(url);
    expect(await axeViolations(page)).toEqual([]);
    const search = page.locator('input[type="search"]').first();
    if ((await search.count()) > 0) {
      await search.fill('组织');
      await search.press('Enter');
      await page.waitForLoadState('networkidle');
      // Results may be drawn after the index loads: wait until the text mentions the query twice,
      // in the page's script (a Traditional page shows 組織).
      await page.waitForFunction(() => document.body.innerText.split(/组织|組織/).length > 2, null, { timeout: 10_000 });
      expect(await axeViolations(page), `search results from ${label}`).toEqual([]);
    }
    await page.context().close();
  });

  it('does report a violation, so that a clean result means something', async () => {
    const page = await open(pages[0]![1]);
    await page.evaluate(() => {
      document.documentElement.removeAttribute('lang');
      document.body.insertAdjacentHTML('beforeend', '<img src="x.png"><p style="color:#ccc;background:#fff">浅色文字</p>');
    });
    const ids = (await axeViolations(page)).map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining(['html-has-lang', 'image-alt', 'color-contrast']));
    await page.context().close();
  });
});

const FOCUSABLE =
  'a[href], area[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), iframe, summary, [tabindex]:not([tabindex="-1"]), [contenteditable=""], [contenteditable="true"]';

/** What can show focus: a focused control must differ from its unfocused self in one of these. */
const LOOK = ['outline-style', 'outline-width', 'outline-color', 'box-shadow', 'background-color', 'color', 'text-decoration-line', 'border-color'];

describe('keyboard and structure', () => {
  it.each(pages)('skip link, visible focus on every control, landmarks, heading order: %s', async (_label, url) => {
    const page = await open(url);
    // Every control, and how it looks before it has focus.
    const controls = await page.evaluate(([selector, properties]) => {
      const look = (el: Element) => properties.map((p) => getComputedStyle(el).getPropertyValue(p)).join('|');
      return Array.from(document.querySelectorAll(selector))
        .filter((el) => el.checkVisibility({ visibilityProperty: true }) || el.classList.contains('skip-link') || el.getBoundingClientRect().width > 0)
        .map((el, i) => {
          el.setAttribute('data-keyboard-test', String(i));
          return { index: i, look: look(el), text: (el.textContent ?? '').trim().slice(0, 30) };
        });
    }, [FOCUSABLE, LOOK] as const);
    expect(controls.length).toBeGreaterThan(0);

    const reached: number[] = [];
    for (let i = 0; i < controls.length; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate((properties) => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const s = getComputedStyle(el);
        const r = el.getBoundingClientRect();
        const { clientWidth, clientHeight } = document.documentElement;
        // Chromium scrolls a focused control into view by whole pixels, so an edge at a fractional
        // position may overhang by less than one; a control larger than the window (a scrollable
        // table) cannot fit, and must fill the window instead.
        const shown = (start: number, end: number, size: number) => Math.min(end, size) - Math.max(start, 0) >= Math.min(end - start, size) - 1;
        return {
          index: Number(el.getAttribute('data-keyboard-test') ?? -1),
          look: properties.map((p) => s.getPropertyValue(p)).join('|'),
          outlined: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none',
          inView: r.width > 0 && r.height > 0 && shown(r.top, r.bottom, clientHeight) && shown(r.left, r.right, clientWidth),
          skipTo: el instanceof HTMLAnchorElement && el.hash ? document.getElementById(decodeURIComponent(el.hash.slice(1)))?.tagName ?? null : null,
        };
      }, LOOK);
      expect(focused, `Tab ${i + 1} reached nothing`).not.toBeNull();
      const control = controls[focused!.index];
      expect(control, `Tab ${i + 1} reached an element that is not a control`).toBeDefined();
      if (i === 0) expect(focused!.skipTo, 'the first Tab reaches a link to <main> (skip link)').toBe('MAIN');
      expect(focused!.inView, `“${control!.text}” is on screen when focused`).toBe(true);
      expect(focused!.look, `“${control!.text}” looks different when focused`).not.toBe(control!.look);
      expect(focused!.outlined, `“${control!.text}” has an outline or a ring when focused`).toBe(true);
      reached.push(focused!.index);
    }
    expect(new Set(reached).size, 'every control is reached once by Tab').toBe(controls.length);

    // The skip link takes the keyboard to the content.
    await page.keyboard.press('Shift+Tab');
    while ((await page.evaluate(() => document.activeElement?.getAttribute('data-keyboard-test'))) !== '0') await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);

    const structure = await page.evaluate(() => ({
      banner: document.querySelectorAll('body > header, [role="banner"]').length,
      main: document.querySelectorAll('main, [role="main"]').length,
      contentinfo: document.querySelectorAll('body > footer, [role="contentinfo"]').length,
      nav: document.querySelectorAll('nav, [role="navigation"]').length,
      headings: Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6')).map((h) => Number(h.tagName[1])),
      path: location.pathname,
    }));
    expect(structure.banner).toBe(1);
    expect(structure.main).toBe(1);
    expect(structure.contentinfo).toBe(1);
    // Pages below the home page (of either script) show where the reader is (breadcrumbs) in a <nav>.
    const homeOr404 = SCRIPTS.flatMap(({ prefix }) => [`/${prefix}`, `/${prefix}index.html`, `/${prefix}404.html`]);
    if (!homeOr404.includes(structure.path)) expect(structure.nav).toBeGreaterThanOrEqual(1);
    expect(structure.headings[0], 'the first heading is the h1').toBe(1);
    expect(structure.headings.filter((h) => h === 1)).toHaveLength(1);
    structure.headings.forEach((level, i) => {
      if (i > 0) expect(level, `heading ${i + 1} (h${level}) after h${structure.headings[i - 1]}`).toBeLessThanOrEqual(structure.headings[i - 1]! + 1);
    });
    await page.context().close();
  });
});
