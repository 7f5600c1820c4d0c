// The reader's side of the performance issue, on the chapter page in both scripts as Chromium loads
// it: HTML and CSS under 40 KB compressed, no script that holds up the first paint, and Lighthouse's
// accessibility, best-practices and SEO categories at 100. Lighthouse's performance category is
// worked out from timings, so `npm run bench -- --reader` measures it instead of a test asserting
// it; that the search code loads only once the reader types is checked in
// tests/pages/search.browser.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLighthouse } from '../support/lighthouse.ts';
import { buildAndServe, chapterPages, compressedWeight, type ServedSite } from '../support/site.ts';

/** The budget for the chapter page, HTML and CSS compressed, before search is used. */
const BUDGET = 40 * 1024;

let site: ServedSite;
let pages: string[];

beforeAll(async () => {
  site = await buildAndServe();
  pages = await chapterPages(site.out);
});

afterAll(async () => {
  await site?.close();
});

describe('the chapter page, for readers on a slow connection', () => {
  it('is found in both scripts', () => {
    expect(pages).toHaveLength(2);
    expect(pages.filter((page) => page.startsWith('hant/'))).toHaveLength(1);
  });

  it('weighs under 40 KB compressed, HTML and stylesheets together', () => {
    for (const page of pages) {
      const weight = compressedWeight(site.out, page);
      expect(weight.stylesheets, page).not.toEqual([]);
      expect(weight.total, `${page}: ${JSON.stringify(weight)}`).toBeLessThan(BUDGET);
    }
  });

  it('has no script that holds up the first paint (the stylesheet is the only thing that does)', async () => {
    for (const page of pages) {
      const tab = await (await site.browser.newContext()).newPage();
      await tab.goto(`${site.server.url}${page}`, { waitUntil: 'load' });
      const resources = await tab.evaluate(() =>
        performance.getEntriesByType('resource').map((e) => {
          const entry = e as PerformanceResourceTiming & { renderBlockingStatus?: string };
          return { url: new URL(entry.name).pathname, blocking: entry.renderBlockingStatus };
        }),
      );
      await tab.context().close();
      const scripts = resources.filter((r) => r.url.endsWith('.js'));
      expect(scripts.length, page).toBeGreaterThan(0);
      for (const script of scripts) expect(script.blocking, `${page}: ${script.url}`).toBe('non-blocking');
      // Chromium does report what blocks: the stylesheet, which the first paint needs.
      expect(resources.filter((r) => r.blocking === 'blocking').map((r) => r.url.split('/').pop())).toEqual(['site.css']);
    }
  });

  it('scores 100 for accessibility, best practices and SEO in Lighthouse', { timeout: 120_000 }, async () => {
    for (const page of pages) {
      const report = await runLighthouse(`${site.server.url}${page}`, ['accessibility', 'best-practices', 'seo']);
      expect(report.shortfalls, page).toEqual([]);
      expect(report.scores, page).toEqual({ accessibility: 1, 'best-practices': 1, seo: 1 });
    }
  });
});
