// The Traditional (Hong Kong) edition: text converted, addresses and ids kept.
import { describe, expect, it } from 'vitest';
import { TRADITIONAL, traditionalHtml } from '../../src/pipeline/traditional.ts';
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
