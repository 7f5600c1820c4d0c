// The remark plugins walk their trees with plain loops; before, unist-util-visit walked them. The
// versions that used it are kept here as the reference: on random Markdown both give the same tree.
import type { Definition, Root, Text } from 'mdast';
import { normalizeIdentifier } from 'micromark-util-normalize-identifier';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkDirective from 'remark-directive';
import remarkParse from 'remark-parse';
import { unified, type Plugin } from 'unified';
import { SKIP, visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import remarkCjkLineBreak from '../../src/markdown/cjk-line-break.ts';
import remarkLiteralDirectives from '../../src/markdown/literal-directives.ts';
import remarkResolveReferences from '../../src/markdown/resolve-references.ts';
import { seeded } from '../support/random-markup.ts';

// ---- the unist-util-visit versions (as they were in src/markdown before) ----
const visitLiteralDirectives: Plugin<[], Root> = () => (tree, file: VFile) => {
  const source = String(file.value);
  visit(tree, (node, index, parent) => {
    if ((node.type !== 'textDirective' && node.type !== 'leafDirective') || !parent || index === undefined) return;
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) return;
    const value = source.slice(start, end);
    const replacement =
      node.type === 'textDirective'
        ? { type: 'text' as const, value, position: node.position }
        : { type: 'paragraph' as const, children: [{ type: 'text' as const, value, position: node.position }], position: node.position };
    (parent.children as unknown[]).splice(index, 1, replacement);
    return [SKIP, index + 1];
  });
  // Adjacent text nodes left by the replacement are merged, so later passes see one run of text.
  visit(tree, (node) => {
    if (!('children' in node)) return;
    const children = node.children as { type: string; value?: string; position?: { end: unknown } }[];
    for (let i = children.length - 1; i > 0; i--) {
      const a = children[i - 1]!;
      const b = children[i]!;
      if (a.type === 'text' && b.type === 'text') {
        a.value = (a.value ?? '') + (b.value ?? '');
        if (a.position && b.position) a.position.end = b.position.end;
        children.splice(i, 1);
      }
    }
  });
};

const visitResolveReferences: Plugin<[], Root> = () => (tree, file: VFile) => {
  const definitions = new Map<string, Definition>();
  visit(tree, 'definition', (node) => {
    const id = normalizeIdentifier(node.identifier);
    if (!definitions.has(id)) definitions.set(id, node);
  });
  const source = String(file.value);
  visit(tree, (node, index, parent) => {
    if ((node.type !== 'linkReference' && node.type !== 'imageReference') || !parent || index === undefined) return undefined;
    const definition = definitions.get(normalizeIdentifier(node.identifier));
    let replacement;
    if (definition) {
      replacement =
        node.type === 'linkReference'
          ? { type: 'link' as const, url: definition.url, title: definition.title ?? null, children: node.children, position: node.position }
          : { type: 'image' as const, url: definition.url, title: definition.title ?? null, alt: node.alt ?? null, position: node.position };
    } else {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      replacement = { type: 'text' as const, value: start === undefined || end === undefined ? '' : source.slice(start, end), position: node.position };
    }
    (parent.children as unknown[]).splice(index, 1, replacement);
    return [SKIP, index + 1];
  });
};

/** Han characters, CJK and full-width punctuation, and the quotes and dashes Chinese text uses. */
const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2014\u2026\u00b7]/u;
/** Full-width punctuation carries its own spacing: no space next to it, even before Latin text. */
const CJK_PUNCTUATION = /[\u3000-\u303f\uff00-\uffef]/u;

function joins(previous: string, next: string): boolean {
  return (CJK.test(previous) && CJK.test(next)) || CJK_PUNCTUATION.test(previous) || CJK_PUNCTUATION.test(next);
}

const visitCjkLineBreak: Plugin<[], Root> = () => (tree) => {
  // Text nodes of one paragraph or heading, in reading order, even across emphasis.
  visit(tree, (node) => {
    if (node.type !== 'paragraph' && node.type !== 'heading' && node.type !== 'tableCell') return;
    const texts: Text[] = [];
    visit(node, 'text', (text) => {
      texts.push(text);
    });
    texts.forEach((text, index) => {
      if (!text.value.includes('\n')) return;
      const before = texts[index - 1]?.value.at(-1) ?? '';
      const after = texts[index + 1]?.value.at(0) ?? '';
      text.value = text.value.replace(/[ \t]*\n[ \t]*/g, (match, offset: number, whole: string) => {
        const previous = offset > 0 ? whole[offset - 1]! : before;
        const end = offset + match.length;
        const next = end < whole.length ? whole[end]! : after;
        return joins(previous, next) ? '' : match;
      });
    });
    return 'skip';
  });
};

// ---- the comparison ----
const current = unified().use(remarkParse).use(remarkDirective).use(remarkCjkFriendly).use(remarkLiteralDirectives).use(remarkResolveReferences).use(remarkCjkLineBreak).freeze();
const reference = unified().use(remarkParse).use(remarkDirective).use(remarkCjkFriendly).use(visitLiteralDirectives).use(visitResolveReferences).use(visitCjkLineBreak).freeze();

function tree(processor: typeof current, markdown: string): Root {
  const file = new VFile({ value: markdown });
  return processor.runSync(processor.parse(file), file) as Root;
}

const PIECES = [
  '中文', '文字', 'Latin', 'word', '，', '。', '“引号”', '**“不忘初心”**主题', '*强调*', '`代码`', '\n', '\n', '\n\n', '  \n',
  '[链接][a]', '[链接][b]', '[a]', '![图][a]', '[![图][b]][a]', '[文字](https://example.org)', '\n\n[a]: https://example.org/a "题"\n\n',
  '\n\n[B]: https://example.org/b\n\n', ':name', ':name[文字]', '网址:http', '\n\n::leaf\n\n', '\n\n::leaf[文]{#x}\n\n',
  '\n\n:::sidebar\n资料 :x 内容\n\n[c][a]\n:::\n\n', '\n\n## 标题\n\n', '\n\n> 引用\n> 中文\n\n', '\n\n- 列表\n- 项:y\n\n', '\n\n1. 一\n2. 二\n\n',
];

describe('the remark plugins without unist-util-visit', () => {
  it('give the same tree as the unist-util-visit versions on 2,000 random documents', () => {
    const random = seeded(99);
    let changed = 0;
    for (let n = 0; n < 2000; n++) {
      let markdown = '';
      const count = 1 + Math.floor(random() * 25);
      for (let i = 0; i < count; i++) markdown += PIECES[Math.floor(random() * PIECES.length)];
      const expected = tree(reference, markdown);
      expect(tree(current, markdown), JSON.stringify(markdown)).toEqual(expected);
      // Not vacuous: the plugins change most trees.
      if (JSON.stringify(expected) !== JSON.stringify(unified().use(remarkParse).use(remarkDirective).use(remarkCjkFriendly).parse(markdown))) changed++;
    }
    expect(changed).toBeGreaterThan(1000);
  });
});
