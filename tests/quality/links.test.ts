// Every internal link and #anchor of the built site resolves (our own checker: linkinator does
// not check anchors). External links are not fetched (no network), only listed.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCRIPTS } from '../../src/pipeline/traditional.ts';
import { checkLinks, linksOf } from '../support/links.ts';
import { buildSite, buildSiteWithDrafts, type BuiltSite } from '../support/site.ts';

let sites: { name: string; site: BuiltSite }[];

beforeAll(() => {
  sites = [
    { name: 'content/', site: buildSite() },
    { name: 'content/ with a draft chapter, built with --drafts', site: buildSiteWithDrafts() },
  ];
});

/** The 404 pages (one in each script), served at any depth: their links start from the site's root. */
const is404 = (file: string) => SCRIPTS.some(({ prefix }) => file === `${prefix}404.html`);

describe('links in the built site', () => {
  it('all resolve, anchors included, in every page of both builds', () => {
    for (const { name, site } of sites) {
      const report = checkLinks(site.out, site.html, is404);
      expect(report.broken, name).toEqual([]);
      // The site links its pages together: a handful of links per page at the least.
      expect(report.checked, name).toBeGreaterThan(site.html.length * 3);
      if (report.external.length > 0) console.info(`${name}: external links (not fetched):\n${report.external.map((l) => `  ${l.from}: ${l.url}`).join('\n')}`);
    }
  });

  it('cover the anchors of the table of contents and the resolved see-reference', () => {
    const { site } = sites[1]!;
    const page = '2020/zuzhi-gongzuo/index.html';
    const urls = linksOf(page, readFileSync(path.join(site.out, page), 'utf8')).map((l) => decodeURIComponent(l.url));
    expect(urls).toContain('#组织工作概况');
    expect(urls.filter((u) => u.startsWith('#')).length).toBeGreaterThanOrEqual(16);
    expect(urls).toContain('../../2020/zhengzhi-jianshe/');
  });
});

describe('the link checker', () => {
  function siteOf(files: Record<string, string>): string {
    const root = mkdtempSync(path.join(tmpdir(), 'yearbook-links-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }
    return root;
  }

  it('finds a missing page, a missing anchor, a root-absolute link and an unexpected scheme', () => {
    const root = siteOf({
      'index.html': `<a href="a/">ok</a><a href="a/#%E6%9D%A1%E7%9B%AE">ok anchor</a><a href="b/">missing</a>
        <a href="a/#nope">missing anchor</a><a href="/a/">absolute</a><a href="ftp://x/">scheme</a>
        <a href="https://example.org/">external</a><a href="#top">top</a><img src="a/pic.png" alt="">`,
      'a/index.html': '<h2 id="条目">条目</h2>',
    });
    const report = checkLinks(root, ['index.html', 'a/index.html']);
    expect(report.broken.map((b) => [b.url, b.reason])).toEqual([
      ['b/', 'no such file: b/index.html'],
      ['a/#nope', 'no element with id "nope" in a/index.html'],
      ['/a/', 'starts with "/": links must be relative so that the site works under any base path'],
      ['ftp://x/', 'unexpected scheme ftp:'],
      ['a/pic.png', 'no such file: a/pic.png'],
    ]);
    expect(report.external.map((l) => l.url)).toEqual(['https://example.org/']);
    expect(report.checked).toBe(9);
  });
});
