// Plain chapters are read without micromark: whatever the plain reader takes, it must make the very
// tree remark-parse makes (node for node, key order and positions included).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkDirective from 'remark-directive';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { parsePlainMarkdown } from '../../src/markdown/plain-markdown.ts';
import remarkCjkLineBreak from '../../src/markdown/cjk-line-break.ts';
import remarkLiteralDirectives from '../../src/markdown/literal-directives.ts';
import { parseMarkdown } from '../../src/markdown/processor.ts';
import remarkResolveReferences from '../../src/markdown/resolve-references.ts';
import { seeded } from '../support/random-markup.ts';

// The parser of processor.ts, before its plugins run on the tree.
const remark = unified().use(remarkParse).use(remarkDirective).use(remarkCjkFriendly).freeze();
const remarkTree = (markdown: string) => JSON.stringify(remark.parse(markdown));
const plainTree = (markdown: string) => {
  const tree = parsePlainMarkdown(markdown);
  return tree && JSON.stringify(tree);
};

/** A chapter's body, as model.ts hands it to the parser. */
function bodyOf(file: string): string {
  const text = readFileSync(file, 'utf8');
  const frontMatter = /^---\n[\s\S]*?\n---\n/.exec(text);
  return frontMatter ? text.slice(frontMatter[0].length) : text;
}

const CONTENT = path.join(import.meta.dirname, '..', '..', 'content');

describe('parsePlainMarkdown', () => {
  it('reads the real chapter and a chapter of the usual form as remark-parse does', () => {
    const chapters = readdirSync(CONTENT, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.md'));
    expect(chapters.length).toBeGreaterThan(0);
    for (const name of chapters) {
      const body = bodyOf(path.join(CONTENT, name));
      expect(plainTree(body), name).toBe(remarkTree(body));
    }
    const usual = [
      '## 干部队伍建设概况',
      '',
      '2019年，中山市举办投资经贸洽谈会。加强公立医院基层党组织建设，落实“党委领导下的院长负责制”。',
      '',
      '**扩大两新组织“两个覆盖”** 2019年，市委组织部聚焦党建、干部、人才、公务员四项主责主业，',
      '推进党的组织体系建设。市委组织部驻东区松苑路1号市委大楼4~5层。',
      '',
      ':::sidebar[资料链接]',
      '**“三会一课”**：指修订市直单位、镇区领导班子和领导干部考核评价办法。',
      '',
      '第二段 text with Latin, 100% and C# 𠀀.',
      ':::',
      '',
      '# 一级',
      '###### 六级',
      '## 𠀀字 😀',
      '**𠀀标题** 正文😀',
      '\u3000\u3000首行缩进的段落，\u00a0不间断空格，行末全角空格\u3000',
      '（详见“市情概览”类目“老干部工作”分目）',
      '',
    ].join('\n');
    expect(plainTree(usual)).toBe(remarkTree(usual));
    // Blank documents: a root without children, ending where the text ends.
    for (const blank of ['\n', '\n\n', '\n\n\n']) expect(plainTree(blank), JSON.stringify(blank)).toBe(remarkTree(blank));
  });

  it('gives each node points of its own, so that moving one moves no other', () => {
    const tree = parsePlainMarkdown('**标题** 正文\n第二行\n')!;
    const points = new Set<object>();
    const visit = (node: { position?: { start: object; end: object }; children?: unknown[] }) => {
      for (const point of [node.position!.start, node.position!.end]) {
        expect(points.has(point)).toBe(false);
        points.add(point);
      }
      for (const child of node.children ?? []) visit(child as typeof node);
    };
    visit(tree);
    expect(points.size).toBe(10);
  });

  it('leaves to remark-parse whatever is not of the plain form', () => {
    for (const markdown of [
      '',
      '**“不忘初心”**主题教育',
      '**标题**正文',
      '** 标题** 正文',
      '**\u3000标题** 正文',
      '**标题\u3000** 正文',
      '**\u00a0标题** 正文',
      '**标题\u2003** 正文',
      '**标题 ** 正文',
      '**标题*** 正文',
      '***标题** 正文',
      '****',
      '**标题',
      '正文**强调** 正文',
      '正文\n**标题** 正文',
      '*强调* 正文',
      '_强调_ 正文',
      '正文 `code`',
      '正文\\',
      '正文  \n下一行',
      '正文 ',
      ' 正文',
      '\t正文',
      '正文\r\n',
      '\uFEFF正文',
      '正文&amp;',
      '[链接](https://example.org)',
      '<p>正文</p>',
      '正文 <b>',
      '时间 10:30',
      ':abbr[WTO]',
      '# ',
      '#',
      '#标题',
      '####### 七级',
      '##  标题',
      '## 标题 ',
      '## 标题 #',
      '## C#',
      '> 引用',
      '- 列表',
      '+ 列表',
      '1. 列表',
      '1) 列表',
      '正文\n===',
      '正文\n---',
      '~~~\n代码\n~~~',
      '| a | b |',
      ':::sidebar[资料链接]\n正文',
      ':::sidebar[资料链接]\n:::sidebar[又一个]\n:::\n:::',
      ':::sidebar\n正文\n:::',
      ':::sidebar[]\n正文\n:::',
      ':::sidebar[ 资料]\n正文\n:::',
      ':::sidebar[资料链接]{.note}\n正文\n:::',
      ':::Sidebar[资料链接]\n正文\n:::',
      '正文\n:::sidebar[资料链接]\n正文\n:::',
      '::: \n',
      '正文\u0000',
    ]) {
      expect(parsePlainMarkdown(markdown), JSON.stringify(markdown)).toBeNull();
    }
  });

  it('reads 20,000 random documents exactly as remark-parse does, whenever it reads one', () => {
    const random = seeded(2_020);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    // Plain runs, and characters around which Markdown or micromark decide something.
    const runs = [
      '中山市委组织部', '党员', '2019年', '100%', 'C#', 'a', 'Zhongshan', '“两个覆盖”', '（简称“市委组织部”）', '《中山年鉴·2020》', '4~5层',
      '，', '。', '：', '；', '、', '！', '？', '—', '…', '·', ' ', '  ', '\u3000', '\u00a0', '𠀀', '😀', '1.', '1)', '#', '##', '*', '**', '***',
      '_', '__', '`', '\\', '[', ']', '<', '>', '&', '&amp;', ':', ':::', '-', '+', '=', '~', '|', '!', '\t', '\r', '\u0000', '\ufeff', '"', "'",
    ];
    const plainRuns = runs.slice(0, 11);
    const textOf = (pieces: number, from: readonly string[]) => Array.from({ length: 1 + Math.floor(random() * pieces) }, () => pick(from)).join('');
    const anyText = () => textOf(4, random() < 0.85 ? plainRuns : runs);
    const line = (): string => {
      const r = random();
      if (r < 0.15) return '';
      if (r < 0.27) return `${'#'.repeat(Math.floor(random() * 8))}${random() < 0.9 ? ' ' : ''}${anyText()}`;
      if (r < 0.5) return `**${anyText()}**${pick([' ', '：', '', '“', '中', '。', '\u3000', '*'])}${random() < 0.8 ? anyText() : ''}`;
      if (r < 0.58) return `:::${pick(['sidebar', 'note', 'Sidebar', ''])}${random() < 0.9 ? `[${anyText()}]` : ''}${random() < 0.1 ? '{.a}' : ''}`;
      if (r < 0.66) return ':::';
      return anyText();
    };
    let read = 0;
    for (let n = 0; n < 20_000; n++) {
      const lines = Array.from({ length: 1 + Math.floor(random() * 10) }, line);
      const markdown = lines.join('\n') + pick(['', '\n', '\n\n']);
      const plain = plainTree(markdown);
      if (plain === null) continue;
      read++;
      expect(plain, JSON.stringify(markdown)).toBe(remarkTree(markdown));
    }
    // Not vacuous: many of them were plain.
    expect(read).toBeGreaterThan(2_000);
  });
});

describe('parseMarkdown', () => {
  it('gives a plain chapter the tree remark-parse and the plugins give it', () => {
    const markdown = '## 概况\n\n**标题** 中山市\n委组织部\n\n:::sidebar[资料链接]\n**“三会一课”**：指\n会议\n:::\n\n（详见“市情概览”类目“老干部工作”分目）\n';
    expect(parsePlainMarkdown(markdown)).not.toBeNull();
    // processor.ts's chain, reading with remark-parse alone.
    const chain = remark().use(remarkLiteralDirectives).use(remarkResolveReferences).use(remarkCjkLineBreak).freeze();
    const tree = parseMarkdown(markdown);
    // The soft line breaks between Chinese characters are gone.
    expect(JSON.stringify(tree)).not.toContain('\\n');
    expect(JSON.stringify(tree)).toBe(JSON.stringify(chain.runSync(chain.parse(markdown))));
  });
});
