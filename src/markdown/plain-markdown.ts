// Plain chapters read without micromark. Most of a yearbook chapter is headings, paragraphs of
// text, an entry's title in bold at the start of its paragraph, and 资料链接 sidebars: micromark
// reads such a chapter character by character through its state machines, about half a
// millisecond a chapter and most of the time of reading the content. This reader knows only that
// narrow form and makes the very tree remark-parse (with remark-directive and remark-cjk-friendly)
// makes, positions included; anything else, down to one character it is not sure of, and it gives
// up (null), and the chapter goes to remark-parse. tests/markdown/plain-markdown.test.ts compares
// the two on the real chapter and 20,000 random documents, near misses included (every chapter of
// the bench's corpus was compared too, when this was written: all plain, all the same).
import type { Heading, Paragraph, PhrasingContent, Root, RootContent, Strong, Text } from 'mdast';
import type { ContainerDirective } from 'mdast-util-directive';

interface Point {
  line: number;
  column: number;
  offset: number;
}

/** The lines of a document, with where each begins. */
class Lines {
  readonly texts: string[];
  readonly starts: number[] = [];

  constructor(readonly source: string) {
    this.texts = source.split('\n');
    let at = 0;
    for (const text of this.texts) {
      this.starts.push(at);
      at += text.length + 1;
    }
  }

  /** The point at `column` (1-based, in code units) of line `index` (0-based). */
  point(index: number, column: number): Point {
    return { line: index + 1, column, offset: this.starts[index]! + column - 1 };
  }
}

const STAR = 42;
/** Characters that mean something to Markdown inside a line (or that micromark changes): not plain. */
function isSpecialInline(code: number): boolean {
  return (
    code < 32 || // tabs, carriage returns, NUL and other controls
    code === 42 || // * emphasis
    code === 95 || // _ emphasis
    code === 96 || // ` code
    code === 92 || // \ escapes, hard breaks
    code === 91 || // [ links, directive labels
    code === 93 || // ]
    code === 60 || // < HTML, autolinks
    code === 38 || // & character references
    code === 58 || // : text directives
    code === 0x7f ||
    code === 0xfeff // a byte order mark
  );
}

/** Whether text[from, to) is plain text for micromark (line feeds between a paragraph's lines are). */
function isPlain(text: string, from: number, to: number): boolean {
  for (let at = from; at < to; at++) {
    const code = text.charCodeAt(at);
    if (code !== 10 && isSpecialInline(code)) return false;
  }
  return true;
}

/** White space as micromark tells it around emphasis (JavaScript's \s), and any other space character. */
const WHITE_SPACE = /[\s\p{Zs}]/u;
function isWhiteSpace(code: number): boolean {
  return WHITE_SPACE.test(String.fromCharCode(code));
}

/** Characters that may follow an entry title's closing `**`: where it closes it in every case. */
function endsTitle(code: number): boolean {
  return Number.isNaN(code) || code === 10 || code === 32 || code === 0xff1a; // end, line end, space, ：
}

/** Characters a paragraph line may begin with: none that could begin another kind of block. */
function beginsParagraph(text: string): boolean {
  const code = text.charCodeAt(0);
  // space, tab; * # > - + = _ ` ~ < : | (the entry title is taken apart); a list's number
  if (code <= 32 || code === 42 || code === 35 || code === 62 || code === 45 || code === 43 || code === 61 || code === 95 || code === 96 || code === 126 || code === 60 || code === 58 || code === 124) return false;
  if (code >= 48 && code <= 57) {
    let at = 1;
    while (at < text.length && at < 10 && text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57) at++;
    const after = text.charCodeAt(at);
    if (after === 46 || after === 41) return false; // 1. or 1)
  }
  return true;
}

function text(value: string, start: Point, end: Point): Text {
  return { type: 'text', value, position: { start, end } };
}

/**
 * A paragraph of lines [first, last] (all beginning at column 1): plain text, or an entry title in
 * bold at its very start followed by plain text. Null when it is anything else.
 */
function paragraph(lines: Lines, first: number, last: number): Paragraph | null {
  const value = first === last ? lines.texts[first]! : lines.texts.slice(first, last + 1).join('\n');
  // White space at a line's end (a hard break, or stripped) is not plain, nor a line that could
  // begin another block (but the first may begin with the entry title's **, taken apart below).
  for (let index = first; index <= last; index++) {
    const line = lines.texts[index]!;
    const end = line.charCodeAt(line.length - 1);
    const title = index === first && line.charCodeAt(0) === STAR;
    if (end === 32 || end === 9 || (!title && !beginsParagraph(line))) return null;
  }
  // Each node gets points of its own, as remark-parse gives them: a plugin may move one.
  const start = () => lines.point(first, 1);
  const end = () => lines.point(last, lines.texts[last]!.length + 1);
  const children: PhrasingContent[] = [];
  let restFrom = 0;
  if (value.charCodeAt(0) === STAR) {
    // **title** …: the opening ** at the line's start followed by neither * nor white space, the
    // closing ** on the same line after neither, followed by the end, a space or "：".
    const close = value.indexOf('**', 2);
    const lineEnd = value.indexOf('\n');
    if (value.charCodeAt(1) !== STAR || close === -1 || (lineEnd !== -1 && close > lineEnd)) return null;
    const after = value.charCodeAt(2);
    const before = value.charCodeAt(close - 1);
    if (close === 2 || after === STAR || isWhiteSpace(after) || isWhiteSpace(before) || !endsTitle(value.charCodeAt(close + 2))) return null;
    if (!isPlain(value, 2, close)) return null;
    const title = text(value.slice(2, close), lines.point(first, 3), lines.point(first, close + 1));
    const strong: Strong = { type: 'strong', children: [title], position: { start: start(), end: lines.point(first, close + 3) } };
    children.push(strong);
    restFrom = close + 2;
  }
  if (!isPlain(value, restFrom, value.length)) return null;
  if (restFrom < value.length) children.push(text(restFrom === 0 ? value : value.slice(restFrom), lines.point(first, restFrom + 1), end()));
  return { type: 'paragraph', children, position: { start: start(), end: end() } };
}

/** An ATX heading (## 标题) of plain text, or null. */
function heading(lines: Lines, index: number): Heading | null {
  const line = lines.texts[index]!;
  let depth = 0;
  while (line.charCodeAt(depth) === 35) depth++;
  const from = depth + 1;
  if (depth > 6 || line.charCodeAt(depth) !== 32 || from >= line.length) return null;
  const first = line.charCodeAt(from);
  const last = line.charCodeAt(line.length - 1);
  // White space after the marks or at the end is dropped, and a closing # sequence too: not plain.
  if (first === 32 || last === 32 || last === 35 || !isPlain(line, from, line.length)) return null;
  const children = [text(line.slice(from), lines.point(index, from + 1), lines.point(index, line.length + 1))];
  return { type: 'heading', depth: depth as Heading['depth'], children, position: { start: lines.point(index, 1), end: lines.point(index, line.length + 1) } };
}

const FENCE = ':::';
const OPENING = /^:::([a-z]+)\[([^\]]+)\]$/;

/** A sidebar's opening line (:::name[label]) as remark-directive reads it, or null. */
function opening(lines: Lines, index: number): { name: string; label: Paragraph } | null {
  const match = OPENING.exec(lines.texts[index]!);
  if (!match) return null;
  const [, name, label] = match as unknown as [string, string, string];
  const first = label.charCodeAt(0);
  const last = label.charCodeAt(label.length - 1);
  if (!isPlain(label, 0, label.length) || isWhiteSpace(first) || isWhiteSpace(last)) return null;
  const from = FENCE.length + name.length + 1; // the [ (1-based column)
  const labelText = text(label, lines.point(index, from + 1), lines.point(index, from + 1 + label.length));
  return {
    name,
    label: { type: 'paragraph', data: { directiveLabel: true }, children: [labelText], position: { start: lines.point(index, from), end: lines.point(index, from + label.length + 2) } },
  };
}

/** The blocks of lines [from, to); null when one of them is not plain. In a sidebar, no other sidebar. */
function blocks(lines: Lines, from: number, to: number, nested: boolean): RootContent[] | null {
  const out: RootContent[] = [];
  let index = from;
  while (index < to) {
    const line = lines.texts[index]!;
    if (line === '') {
      index++;
    } else if (line.charCodeAt(0) === 35) {
      const node = heading(lines, index);
      if (!node) return null;
      out.push(node);
      index++;
    } else if (line.startsWith(FENCE)) {
      const open = nested ? null : opening(lines, index);
      if (!open) return null;
      let close = index + 1;
      while (close < to && lines.texts[close] !== FENCE) close++;
      if (close === to) return null;
      const inside = blocks(lines, index + 1, close, true);
      if (!inside) return null;
      const sidebar: ContainerDirective = {
        type: 'containerDirective',
        name: open.name,
        attributes: {},
        children: [open.label, ...(inside as ContainerDirective['children'])],
        position: { start: lines.point(index, 1), end: lines.point(close, FENCE.length + 1) },
      };
      out.push(sidebar);
      index = close + 1;
    } else {
      // A paragraph runs to a blank line, a heading, its sidebar's end or the end (a line that
      // could begin another block is not plain: see beginsParagraph).
      let last = index;
      while (last + 1 < to && lines.texts[last + 1] !== '' && lines.texts[last + 1]!.charCodeAt(0) !== 35) last++;
      const node = paragraph(lines, index, last);
      if (!node) return null;
      out.push(node);
      index = last + 1;
    }
  }
  return out;
}

/**
 * The tree remark-parse makes of a plain chapter (before any plugin runs on it), or null when the
 * chapter is not plain: then remark-parse reads it.
 */
export function parsePlainMarkdown(markdown: string): Root | null {
  if (markdown.length === 0) return null;
  const lines = new Lines(markdown);
  const children = blocks(lines, 0, lines.texts.length, false);
  if (!children) return null;
  const last = lines.texts.length - 1;
  return { type: 'root', children, position: { start: { line: 1, column: 1, offset: 0 }, end: lines.point(last, lines.texts[last]!.length + 1) } };
}
