// The Markdown processor: CJK emphasis and line breaks, literal directives, sanitized HTML.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Root as HastRoot } from 'hast';
import type { Paragraph, PhrasingContent, RootContent, Text } from 'mdast';
import { describe, expect, it } from 'vitest';
import { plainText } from '../../src/pipeline/entries.ts';
import { blocksToHtml, parseMarkdown } from '../../src/markdown/processor.ts';
import { markSentences } from '../../src/markdown/sentences.ts';
import { seeded } from '../support/random-markup.ts';

const html = (markdown: string) => blocksToHtml(parseMarkdown(markdown).children);

describe('CJK emphasis (remark-cjk-friendly)', () => {
  it('reads bold next to Chinese quotes and punctuation', () => {
    expect(html('开展**“不忘初心”**主题教育')).toBe('<p>开展<strong>“不忘初心”</strong>主题教育</p>');
    expect(html('**“四个对照”**：指对照')).toBe('<p><strong>“四个对照”</strong>：指对照</p>');
    expect(html('**落实党建主体责任** 研究制定')).toBe('<p><strong>落实党建主体责任</strong> 研究制定</p>');
  });
});

describe('soft line breaks between Chinese characters', () => {
  it('joins a line break between two Chinese characters without a space', () => {
    expect(html('中山市举办\n人才节。')).toBe('<p>中山市举办人才节。</p>');
    expect(html('2019年，\n中共中山市委')).toBe('<p>2019年，中共中山市委</p>');
    expect(html('“四个对照”\n“四个找一找”')).toBe('<p>“四个对照”“四个找一找”</p>');
  });

  it('joins across emphasis', () => {
    expect(html('开展**主题教育**\n活动')).toBe('<p>开展<strong>主题教育</strong>活动</p>');
    expect(html('开展\n**主题教育**活动')).toBe('<p>开展<strong>主题教育</strong>活动</p>');
  });

  it('keeps the break between Chinese and Latin text, and between Latin words', () => {
    expect(html('使用\nPython')).toBe('<p>使用\nPython</p>');
    expect(html('hello\nworld')).toBe('<p>hello\nworld</p>');
  });

  it('keeps a hard line break', () => {
    expect(html('第一行  \n第二行')).toBe('<p>第一行<br>\n第二行</p>');
  });

  it('gives plain text with no space between Chinese characters', () => {
    const [paragraph] = parseMarkdown('中山市举办\n人才节，\nweb 版。').children as Paragraph[];
    expect(plainText(paragraph!)).toBe('中山市举办人才节，web 版。');
  });
});

describe('directive syntax in ordinary text', () => {
  it('keeps `:name` in text as written', () => {
    expect(html('网址:http 与 时间:abc{x}')).toBe('<p>网址:http 与 时间:abc{x}</p>');
  });

  it('keeps a `::name` line as written', () => {
    expect(html('::note[说明]')).toBe('<p>::note[说明]</p>');
  });
});

describe('reference links', () => {
  it('resolves a reference against its definition elsewhere in the text', () => {
    const tree = parseMarkdown('见[中山政府网][zs]。\n\n[zs]: https://www.zs.gov.cn/ "中山"');
    expect(blocksToHtml([tree.children[0]!])).toBe('<p>见<a href="https://www.zs.gov.cn/" title="中山">中山政府网</a>。</p>');
  });

  it('keeps brackets without a definition as written', () => {
    expect(html('见[中山政府网][zs]。')).toBe('<p>见[中山政府网][zs]。</p>');
  });
});

describe('sanitizing', () => {
  it('drops raw HTML, event handlers and javascript: links', () => {
    const out = html('<script>alert(1)</script>\n\n段落<img src=x onerror=alert(1)>\n\n[链接](javascript:alert(1)) [b](jav&#x61;script:alert(1))');
    expect(out).not.toMatch(/<script|onerror|javascript:/i);
    expect(out).toContain('链接');
  });

  it('keeps ordinary links', () => {
    expect(html('[中山](https://www.zs.gov.cn/)')).toBe('<p><a href="https://www.zs.gov.cn/">中山</a></p>');
  });
});

describe('HTML of plain content (paragraphs, bold and text)', () => {
  /** The same nodes with an empty `data` on the first: they then go through remark-html whole. */
  function throughRemarkHtml(nodes: RootContent[]): RootContent[] {
    const [first, ...rest] = structuredClone(nodes);
    return [{ ...first!, data: {} } as RootContent, ...rest];
  }

  it('is what remark-html makes of it, with the sentences marked or not, on 3,000 random fragments', () => {
    const random = seeded(7_007);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const runs = ['中山市委组织部', '党员', '2019年', '。', '，', '！', '？', '；', '“', '”', ' ', '\n', ' \n ', '\t', '<', '>', '&', '"', "'", '&amp;', 'a', '100%', '\u3000', '𠀀', '\u0000', '<script>alert(1)</script>'];
    const text = (): Text => ({ type: 'text', value: Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(runs)).join('') });
    const phrasing = (): PhrasingContent[] => Array.from({ length: 1 + Math.floor(random() * 4) }, () => (random() < 0.3 ? { type: 'strong', children: [text()] } : text()));
    for (let n = 0; n < 3_000; n++) {
      const nodes: RootContent[] = random() < 0.5 ? Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ type: 'paragraph', children: phrasing() }) as Paragraph) : phrasing();
      const mark = random() < 0.5 ? (tree: HastRoot) => void markSentences(tree, (() => { let i = 0; return () => `s${++i}`; })()) : undefined;
      expect(blocksToHtml(nodes, mark), JSON.stringify(nodes)).toBe(blocksToHtml(throughRemarkHtml(nodes), mark));
    }
  });

  it('is what remark-html makes of it when the sentences get ids with characters HTML escapes', () => {
    const random = seeded(7_011);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const pieces = ['条目', 's', '1', '-', '"', '&', "'", '`', '\u0000', '<', '>', ' ', '=', '“', '𠀀'];
    const runs = ['党员', '2019年', '。', '；', '<', '&', '"', 'a', '\n'];
    const text = (): Text => ({ type: 'text', value: Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick(runs)).join('') });
    for (let n = 0; n < 2_000; n++) {
      const nodes: RootContent[] = [{ type: 'paragraph', children: [text(), ...(random() < 0.4 ? [{ type: 'strong', children: [text()] } as PhrasingContent] : []), text()] }];
      // The same ids both ways; an empty one now and then (hast-util-to-html writes it as id="").
      const ids = Array.from({ length: 16 }, () => (random() < 0.05 ? '' : Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(pieces)).join('')));
      const mark = (tree: HastRoot) => void markSentences(tree, (() => { let i = 0; return () => ids[i++]!; })());
      expect(blocksToHtml(nodes, mark), JSON.stringify(nodes)).toBe(blocksToHtml(throughRemarkHtml(nodes), mark));
    }
  });

  it('is sanitized as remark-html sanitizes it when a transform adds other elements or properties', () => {
    const nodes: RootContent[] = [{ type: 'paragraph', children: [{ type: 'text', value: '党员大会。' }, { type: 'strong', children: [{ type: 'text', value: '主题' }] }] }];
    const transforms: Record<string, (tree: HastRoot) => void> = {
      'a javascript: link': (tree) => void tree.children.push({ type: 'element', tagName: 'a', properties: { href: 'javascript:alert(1)' }, children: [{ type: 'text', value: '链接' }] }),
      'an event handler': (tree) => void tree.children.push({ type: 'element', tagName: 'span', properties: { id: 'x', onClick: 'alert(1)' }, children: [] }),
      'a class': (tree) => void tree.children.push({ type: 'element', tagName: 'span', properties: { className: ['x'] }, children: [] }),
      'a script': (tree) => void tree.children.push({ type: 'element', tagName: 'script', properties: {}, children: [{ type: 'text', value: 'alert(1)' }] }),
      'an id that is not text': (tree) => void tree.children.push({ type: 'element', tagName: 'span', properties: { id: ['a', 'b'] as unknown as string }, children: [] }),
      'raw HTML': (tree) => void tree.children.push({ type: 'raw', value: '<img src=x onerror=alert(1)>' } as never),
    };
    for (const [what, transform] of Object.entries(transforms)) {
      const made = blocksToHtml(nodes, transform);
      expect(made, what).toBe(blocksToHtml(throughRemarkHtml(nodes), transform));
      expect(made, what).not.toMatch(/javascript:|onclick|<script|onerror/i);
    }
  });

  it('is what remark-html makes of the real chapter, paragraph by paragraph', () => {
    const chapter = readFileSync(path.join(import.meta.dirname, '..', '..', 'content', '2020', 'zuzhi-gongzuo.md'), 'utf8');
    const paragraphs = parseMarkdown(chapter.replace(/^---\n[\s\S]*?\n---\n/, '')).children.filter((node) => node.type === 'paragraph');
    expect(paragraphs.length).toBeGreaterThan(20);
    for (const paragraph of paragraphs) expect(blocksToHtml([paragraph])).toBe(blocksToHtml(throughRemarkHtml([paragraph])));
  });
});
