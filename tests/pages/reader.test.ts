// The built site's reader features, read from the output files: both scripts, links and anchors,
// glossary, subject index, citations and metadata.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import { comparePinyin } from '../../src/pages/pinyin.ts';
import { runCli } from '../support/cli.ts';

let out: string;
let pages: string[];
const trees = new Map<string, Root>();

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

function read(file: string): string {
  return readFileSync(path.join(out, file), 'utf8');
}

function tree(file: string): Root {
  if (!trees.has(file)) trees.set(file, fromHtml(read(file)));
  return trees.get(file)!;
}

function elements(file: string, test: (e: Element) => boolean): Element[] {
  const found: Element[] = [];
  visit(tree(file), 'element', (e: Element) => {
    if (test(e)) found.push(e);
  });
  return found;
}

const hasClass = (e: Element, name: string) => ((e.properties.className as string[] | undefined) ?? []).includes(name);

beforeAll(() => {
  out = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-reader-')), 'site');
  const result = runCli(['build', '--out', out]);
  expect(result.status, result.stderr).toBe(0);
  pages = listFiles(out).filter((f) => f.endsWith('.html'));
});

describe('the Traditional edition', () => {
  it('has every page under hant/, in zh-Hant-HK, with the same anchors', () => {
    const simplified = pages.filter((p) => !p.startsWith('hant/'));
    expect(simplified.length).toBeGreaterThanOrEqual(8);
    expect(pages.filter((p) => p.startsWith('hant/'))).toEqual(simplified.map((p) => `hant/${p}`));
    for (const page of simplified) {
      expect(read(`hant/${page}`)).toMatch(/^<!doctype html>\s*<html lang="zh-Hant-HK">/i);
      const ids = (file: string) => elements(file, (e) => typeof e.properties.id === 'string').map((e) => e.properties.id);
      expect(ids(`hant/${page}`), page).toEqual(ids(page));
    }
    const chapter = read('hant/2020/zuzhi-gongzuo/index.html');
    expect(chapter).toContain('<h1>組織工作</h1>');
    expect(chapter).toContain('黨組織建設');
    expect(chapter).not.toContain('党组织建设</a>');
  });

  it('links each page to the same page in the other script', () => {
    const switchHref = (file: string) => elements(file, (e) => hasClass(e, 'script-switch'))[0]!.properties.href;
    expect(switchHref('2020/zuzhi-gongzuo/index.html')).toBe('../../hant/2020/zuzhi-gongzuo/');
    expect(switchHref('hant/2020/zuzhi-gongzuo/index.html')).toBe('../../../2020/zuzhi-gongzuo/');
    expect(switchHref('index.html')).toBe('./hant/');
  });
});

describe('links', () => {
  it('every internal link and anchor of every page resolves', () => {
    const broken: string[] = [];
    for (const page of pages.filter((p) => !p.endsWith('404.html'))) {
      const base = new URL(page, 'http://site/');
      const urls = elements(page, (e) => ['a', 'link', 'script', 'form'].includes(e.tagName))
        .map((e) => e.properties.href ?? e.properties.src ?? e.properties.action)
        .filter((u): u is string => typeof u === 'string' && !/^https?:/.test(u));
      for (const url of urls) {
        const target = new URL(url, base);
        let file = decodeURIComponent(target.pathname).slice(1);
        if (file === '' || file.endsWith('/')) file += 'index.html';
        if (!listFiles(out).includes(file)) {
          broken.push(`${page}: ${url}`);
          continue;
        }
        const anchor = decodeURIComponent(target.hash.slice(1));
        if (anchor && elements(file, (e) => e.properties.id === anchor).length === 0) broken.push(`${page}: ${url} (no #${anchor})`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('the glossary (名词解释)', () => {
  it('defines each term, and terms in the chapter text link to it', () => {
    const terms = elements('2020/glossary/index.html', (e) => e.tagName === 'dt').map((e) => toString(e));
    expect(terms).toEqual(['横栏镇人才十条', '三会一课', '市委组织部', '四个对照', '四个找一找', '主题教育']);
    const termLinks = elements('2020/zuzhi-gongzuo/index.html', (e) => hasClass(e, 'term'));
    expect(new Set(termLinks.map((e) => toString(e)))).toEqual(new Set(terms));
    expect(termLinks.find((e) => toString(e) === '三会一课')!.properties.href).toBe('../../2020/glossary/#term-三会一课');
    const dd = read('2020/glossary/index.html');
    expect(dd).toContain('全称：中共中山市委组织部');
  });
});

describe('the subject index (主题索引)', () => {
  it('lists chapters, entries, sub-entries and terms in pinyin order, grouped by letter', () => {
    for (const file of ['subject-index/index.html', '2020/subject-index/index.html']) {
      expect(toString(elements(file, (e) => e.tagName === 'h1')[0]!)).toBe('主题索引');
      const groups = elements(file, (e) => hasClass(e, 'letter-group'));
      const letters = groups.map((g) => toString(elements(file, (e) => e === g.children.find((c) => c.type === 'element' && c.tagName === 'h2'))[0]!));
      expect(letters).toEqual([...letters].sort((a, b) => (a === '#' ? 1 : b === '#' ? -1 : a < b ? -1 : 1)));
      const labels = groups.map((g) => {
        const found: string[] = [];
        visit(g, 'element', (e: Element) => {
          if (e.tagName === 'a') found.push(toString(e));
        });
        return found;
      });
      for (const group of labels) expect(group).toEqual([...group].sort(comparePinyin));
      const all = labels.flat();
      expect(all).toEqual(expect.arrayContaining(['组织工作', '党组织建设', '落实党建主体责任', '三会一课', '2019年中山人才节']));
      expect(all.length).toBe(1 + 8 + 14 + 6);
      expect(labels.at(-1)).toEqual(['2019年中山人才节']);
    }
  });
});

describe('citations', () => {
  it('gives each entry a citation with the book, category, chapter, drafter and the address of its anchor', () => {
    const citations = elements('2020/zuzhi-gongzuo/index.html', (e) => hasClass(e, 'citation')).map((e) => toString(e));
    expect(citations).toHaveLength(8);
    expect(citations[1]).toBe('黄春明. 党组织建设[M/OL]//中山年鉴编纂委员会. 中山年鉴·2020：政治·组织工作. 2020. https://nianjian.example.org/2020/zuzhi-gongzuo/#党组织建设');
    const hant = elements('hant/2020/zuzhi-gongzuo/index.html', (e) => hasClass(e, 'citation')).map((e) => toString(e));
    expect(hant[1]).toBe('黃春明. 黨組織建設[M/OL]//中山年鑑編纂委員會. 中山年鑑·2020：政治·組織工作. 2020. https://nianjian.example.org/hant/2020/zuzhi-gongzuo/#党组织建设');
  });
});

describe('metadata', () => {
  it('has canonical addresses, Open Graph tags and the other script as an alternate', () => {
    const head = read('2020/zuzhi-gongzuo/index.html');
    expect(head).toContain('<link rel="canonical" href="https://nianjian.example.org/2020/zuzhi-gongzuo/">');
    expect(head).toContain('<link rel="alternate" hreflang="zh-Hant-HK" href="https://nianjian.example.org/hant/2020/zuzhi-gongzuo/">');
    expect(head).toContain('<meta property="og:type" content="article">');
    expect(head).toContain('<meta property="og:url" content="https://nianjian.example.org/2020/zuzhi-gongzuo/">');
    expect(head).toMatch(/<meta property="og:description" content="2019年，中共中山市委组织部[^"]*…">/);
  });

  it('describes a chapter page as a schema.org Chapter of a Book', () => {
    const script = elements('2020/zuzhi-gongzuo/index.html', (e) => e.tagName === 'script' && e.properties.type === 'application/ld+json');
    expect(JSON.parse(toString(script[0]!))).toEqual({
      '@context': 'https://schema.org',
      '@type': 'Chapter',
      name: '组织工作',
      url: 'https://nianjian.example.org/2020/zuzhi-gongzuo/',
      inLanguage: 'zh-CN',
      datePublished: '2020-01-01',
      temporalCoverage: '2019',
      genre: '政治',
      author: [{ '@type': 'Person', name: '黄春明' }],
      isPartOf: { '@type': 'Book', name: '中山年鉴·2020', bookEdition: '2020', author: { '@type': 'Organization', name: '中山年鉴编纂委员会' } },
    });
  });

  it('lists every page of both scripts in sitemap.xml', () => {
    const sitemap = read('sitemap.xml');
    const locations = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    const expected = pages.filter((p) => p.endsWith('index.html')).map((p) => `https://nianjian.example.org/${p.slice(0, -'index.html'.length)}`);
    expect(locations).toEqual(expected.sort());
    expect(locations).toContain('https://nianjian.example.org/hant/2020/zuzhi-gongzuo/');
  });

  it('has an Atom feed of chapters dated from the content', () => {
    const feed = read('feed.xml');
    expect(feed).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    expect(feed).toContain('<updated>2020-01-01T00:00:00Z</updated>');
    expect([...feed.matchAll(/<entry>/g)]).toHaveLength(1);
    expect(feed).toContain('<title>组织工作（中山年鉴·2020）</title>');
    expect(feed).toContain('<id>https://nianjian.example.org/2020/zuzhi-gongzuo/</id>');
    expect(feed).toContain('<author><name>黄春明</name></author>');
  });
});
