// The Traditional (Hong Kong) edition: text converted, addresses and ids kept.
import { describe, expect, it } from 'vitest';
import { Converter, Locale, type DictLike } from 'opencc-js/cn2t';
import { attributeOf, mapHtml, type OpenElement } from '../../src/pipeline/html-text.ts';
import { SEPARATOR, toTraditional, toTraditionalAll, TRADITIONAL, traditionalHtml } from '../../src/pipeline/traditional.ts';
import { randomMarkup, seeded } from '../support/random-markup.ts';
import { TermLinker } from '../../src/pipeline/term-links.ts';

const page = `<!doctype html>
<html lang="zh-CN"><head><title>组织工作</title>
<meta name="description" content="党组织建设">
<meta property="og:locale" content="zh_CN">
<script type="application/ld+json">{"@type":"Chapter","name":"组织工作","url":"https://x.org/2020/#党员","inLanguage":"zh-CN"}</script>
</head><body>
<a href="#党组织建设" id="党员" aria-label="跳到党组织建设" title="党员">党组织建设</a>
<form data-text-none="没有找到相关条目"><input placeholder="搜索条目"></form>
<code>黄春明. 条目 <span translate="no">https://x.org/#党组织建设</span></code>
</body></html>`;

describe('traditionalHtml', () => {
  const html = traditionalHtml(page);

  it('converts text, text attributes and script messages to Hong Kong Traditional', () => {
    expect(html).toContain('<html lang="zh-Hant-HK">');
    expect(html).toContain('<title>組織工作</title>');
    expect(html).toContain('>黨組織建設</a>');
    expect(html).toContain('aria-label="跳到黨組織建設"');
    expect(html).toContain('title="黨員"');
    expect(html).toContain('data-text-none="沒有找到相關條目"');
    expect(html).toContain('placeholder="搜索條目"');
    expect(html).toContain('content="黨組織建設"');
    expect(html).toContain('content="zh_HK"');
    expect(html).toContain('黃春明. 條目');
  });

  it('keeps addresses, ids and text marked translate="no"', () => {
    expect(html).toContain('href="#党组织建设"');
    expect(html).toContain('id="党员"');
    expect(html).toContain('<span translate="no">https://x.org/#党组织建设</span>');
  });

  it('converts the text of JSON-LD but not its addresses', () => {
    const json = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!);
    expect(json).toEqual({ '@type': 'Chapter', name: '組織工作', url: 'https://x.org/2020/#党员', inLanguage: 'zh-Hant-HK' });
  });

  it('converts by phrase in the Hong Kong variant', () => {
    expect(TRADITIONAL.text('2019年中山人才节，新发展党员2212人')).toBe('2019年中山人才節，新發展黨員2212人');
    expect(TRADITIONAL.text('干部队伍建设')).toBe('幹部隊伍建設');
  });
});

describe('TermLinker', () => {
  const linker = new TermLinker([
    { term: '主题教育', href: '../g/#term-主题教育' },
    { term: '“不忘初心、牢记使命”主题教育', href: '../g/#long' },
    { term: '三会一课', href: '../g/#term-三会一课' },
  ]);

  it('links the first occurrence of each term in an entry, the longest term first', () => {
    const linked = new Set<string>();
    const first = linker.link('<p>开展主题教育，依托“三会一课”，主题教育……</p>', linked);
    expect(first).toBe('<p>开展<a class="term" href="../g/#term-主题教育">主题教育</a>，依托“<a class="term" href="../g/#term-三会一课">三会一课</a>”，主题教育……</p>');
    expect(linker.link('<p>三会一课</p>', linked)).toBe('<p>三会一课</p>');
    expect(linker.link('<p>“不忘初心、牢记使命”主题教育</p>', new Set())).toContain('href="../g/#long"');
  });

  it('leaves text inside links and code alone', () => {
    expect(linker.link('<p><a href="x">主题教育</a><code>三会一课</code></p>', new Set())).toBe('<p><a href="x">主题教育</a><code>三会一课</code></p>');
  });
});

/** Every (key, value) pair of the tables the Hong Kong converter is built from. */
function openccPairs(): [string, string][] {
  const config = Locale.configs.s2hk!;
  const dictionaries = [config.normalizationChain ?? [], config.segmentation, ...config.conversionChain].flat(2) as DictLike[];
  return dictionaries.flatMap((d) => (typeof d === 'string' ? d.split('|').map((line) => line.split(' ') as [string, string]) : (d as [string, string][])));
}

describe('converting the text runs of a page together', () => {
  const opencc = Converter({ from: 'cn', to: 'hk' });
  const pairs = openccPairs();

  it('can skip text without Han characters: every key of the tables holds one, and none comes before U+2E80', () => {
    expect(pairs.length).toBeGreaterThan(50_000);
    expect(pairs.filter(([key]) => !/\p{Script=Han}/u.test(key))).toEqual([]);
    for (let code = 0; code < 0x2e80; code++) expect(/\p{Script=Han}/u.test(String.fromCharCode(code))).toBe(false);
    expect(toTraditional('Chapter 12: “a & b”\n')).toBe('Chapter 12: “a & b”\n');
  });

  it('joins runs by a character no key or value holds, and no ideographic description character is in the tables', () => {
    expect(pairs.filter(([key, value]) => (key + value).includes(SEPARATOR) || /[\u2ff0-\u2fff]/.test(key + value))).toEqual([]);
    expect(toTraditional(SEPARATOR)).toBe(SEPARATOR);
  });

  it('never matches a phrase across two runs: every phrase of the tables, cut in two, converts as its halves do alone', () => {
    const halves = pairs
      .map(([key]) => [...key])
      .filter((chars) => chars.length >= 2)
      .flatMap((chars) => [chars.slice(0, chars.length >> 1).join(''), chars.slice(chars.length >> 1).join('')]);
    const alone = halves.map((half) => opencc(half));
    expect(toTraditionalAll(halves)).toEqual(alone);
    // The test has teeth: many phrases convert differently whole than in halves (干部 → 幹部, 干 → 乾).
    const whole = (i: number) => opencc(halves[i]! + halves[i + 1]!);
    expect(halves.filter((_, i) => i % 2 === 0 && whole(i) !== alone[i]! + alone[i + 1]!).length).toBeGreaterThan(1000);
  });

  it('converts runs one by one when one holds the separator or an ideographic description character', () => {
    // ⿰ makes OpenCC step over the two characters after it, which would reach into the next run.
    expect(toTraditionalAll(['⿰', '发展', '干部'])).toEqual(['⿰', '發展', '幹部']);
    expect(toTraditionalAll(['党\u0000员', '干部'])).toEqual(['黨\u0000員', '幹部']);
    expect(toTraditionalAll([])).toEqual([]);
  });
});

describe('traditionalHtml, what is converted and what is kept', () => {
  it('keeps everything inside translate="no", however deep, until that element closes', () => {
    expect(traditionalHtml('<div translate="no"><p>发展<span title="党员">党员</span></p>干部</div>干部')).toBe(
      '<div translate="no"><p>发展<span title="党员">党员</span></p>干部</div>幹部',
    );
    expect(traditionalHtml('<b translate="no"><i translate="no">干部</i>干部</b>干部')).toBe('<b translate="no"><i translate="no">干部</i>干部</b>幹部');
    // An end tag closes the elements left open inside it, a marked one too.
    expect(traditionalHtml('<div><span translate="no">干部</div>干部')).toBe('<div><span translate="no">干部</div>幹部');
    // A void or self-closed element marked translate="no" keeps its own attributes only.
    expect(traditionalHtml('<img translate="no" alt="党员"><img alt="党员"><x translate="no" title="干部"/>干部')).toBe(
      '<img translate="no" alt="党员"><img alt="黨員"><x translate="no" title="干部"/>幹部',
    );
    expect(traditionalHtml('<title translate="no">干部</title><title>干部</title>')).toBe('<title translate="no">干部</title><title>幹部</title>');
  });

  it('converts the text attributes only, double-quoted, and writes every other byte of the tag as it was', () => {
    expect(traditionalHtml(`<a  href="#党员" id="党员" data-x="党员" TITLE="党员" alt='党员' aria-label=党员 data-text-empty="没有条目">党员</a>`)).toBe(
      `<a  href="#党员" id="党员" data-x="党员" TITLE="黨員" alt='党员' aria-label=党员 data-text-empty="沒有條目">黨員</a>`,
    );
    expect(traditionalHtml('<html lang="zh-CN" translate="no" title="党员">')).toBe('<html lang="zh-Hant-HK" translate="no" title="党员">');
    expect(traditionalHtml('<meta content="党员" name="description"><meta name="keywords" content="党员"><meta property="og:site_name" content="中山年鉴">')).toBe(
      '<meta content="黨員" name="description"><meta name="keywords" content="党员"><meta property="og:site_name" content="中山年鑑">',
    );
  });

  it("converts JSON-LD's strings at any depth but its addresses and codes, and leaves other scripts and styles alone", () => {
    const jsonLd = { '@type': 'Book', name: '中山年鉴', url: 'https://x.org/党员', bookEdition: '2020', author: [{ '@type': 'Person', name: '黄春明' }], about: '干部<b>' };
    const html = traditionalHtml(`<script type="application/ld+json">${JSON.stringify(jsonLd)}</script><script>var s = "党员"</script><style>.党员::after{content:"干部"}</style>`);
    expect(html).toBe(
      '<script type="application/ld+json">{"@type":"Book","name":"中山年鑑","url":"https://x.org/党员","bookEdition":"2020","author":[{"@type":"Person","name":"黃春明"}],"about":"幹部\\u003cb>"}</script>' +
        '<script>var s = "党员"</script><style>.党员::after{content:"干部"}</style>',
    );
  });

  it('leaves comments and the doctype alone, and converts text after a stray "<"', () => {
    expect(traditionalHtml('<!DOCTYPE html><!-- 干部 -->干部 < 党员<!-- 没有结束 干部')).toBe('<!DOCTYPE html><!-- 干部 -->幹部 < 黨員<!-- 沒有結束 幹部');
  });

  it('reads the attributes of 3,000 random start tags as the attribute pattern does (white space, quotes, values left open)', () => {
    const random = seeded(31);
    const pieces = [' ', ' ', '\t', '\n', '\u3000', '\u00a0', '\u2028', '\u000b', '\u0001', 'title', 'TITLE', 'alt', 'aria-label', 'data-text-x', 'placeholder', 'lang',
      'id', 'x', '=', '"', "'", '/', '="干部"', '="发展', '=干部', '党员', '="zh-CN"', "='干部'", '"干部"', '=""'];
    for (let i = 0; i < 3000; i++) {
      let soup = '';
      const count = 1 + Math.floor(random() * 10);
      for (let j = 0; j < count; j++) soup += pieces[Math.floor(random() * pieces.length)];
      const tag = random() < 0.2 ? 'html' : random() < 0.2 ? 'meta' : 'span';
      const html = `<${tag} ${soup}>干部 "党员" 发展</${tag}>`;
      expect(traditionalHtml(html), JSON.stringify(html)).toBe(referenceTraditionalHtml(html));
    }
  });

  it('converts 2,000 random pages exactly as converting each text alone, over the visitor it replaced, does', () => {
    const random = seeded(8);
    for (let i = 0; i < 2000; i++) {
      const html = randomMarkup(random, 1 + Math.floor(random() * 40));
      const expected = attempt(() => referenceTraditionalHtml(html));
      expect(attempt(() => traditionalHtml(html)), JSON.stringify(html)).toBe(expected);
    }
  });
});

const attempt = (convert: () => string): string => {
  try {
    return convert();
  } catch (error) {
    return `throws ${(error as Error).name}`;
  }
};

let referenceConverter: ((text: string) => string) | undefined;

/** The conversion as it was before it was made fast: a visitor over mapHtml, each text alone. */
function referenceTraditionalHtml(html: string): string {
  const untranslated = (open: readonly OpenElement[]) => open.some((e) => e.attributes.includes('translate="no"'));
  const opencc = (referenceConverter ??= Converter({ from: 'cn', to: 'hk' }));
  const TEXT_META = /^(description|og:title|og:description|og:site_name)$/;
  return mapHtml(html, {
    text: (text, open) => (untranslated(open) ? text : opencc(text)),
    attribute(name, value, open) {
      const element = open.at(-1)!;
      if (element.name === 'html' && name === 'lang') return 'zh-Hant-HK';
      if (untranslated(open)) return undefined;
      if (['title', 'alt', 'aria-label', 'placeholder'].includes(name) || name.startsWith('data-text-')) return opencc(value);
      if (element.name === 'meta' && name === 'content') {
        const key = attributeOf(element.attributes, 'name') ?? attributeOf(element.attributes, 'property') ?? '';
        if (TEXT_META.test(key)) return opencc(value);
        if (key === 'og:locale') return 'zh_HK';
      }
      return undefined;
    },
    // JSON-LD is converted by the same function as before; scripts are known to throw on bad JSON.
    rawText: (element, content) =>
      element.name === 'script' && attributeOf(element.attributes, 'type') === 'application/ld+json' ? jsonLdOf(content) : content,
  });
}

const jsonLdOf = (content: string): string => {
  const match = /<script type="application\/ld\+json">([\s\S]*)<\/script>/.exec(traditionalHtml(`<script type="application/ld+json">${content}</script>`));
  return match![1]!;
};
