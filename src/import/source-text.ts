// One page of the source site, as its text was saved → a typed chapter: the title line, the page
// metadata, entries (条目) with their paragraphs, sub-entries (子条目) and 资料链接 sidebars, and the
// signature. The site's layout (indentation, separator lines, page footer) is read here and goes no
// further. Every repair is logged; input that is not a chapter page is refused with ImportRefusal.
import { Diagnostics, positionAt, type Position } from '../diagnostics.ts';
import { decodeText } from '../pipeline/load.ts';
import { widenPunctuation, type Widened } from './punctuation.ts';
import type { RepairLog } from './repairs.ts';

export interface SourceChapter {
  /** 分目 title, without the record year the site appends: 组织工作(2019) → 组织工作. */
  title: string;
  /** The record year from the title line, e.g. 2019. */
  year: number | null;
  /** 【作者】: the corporate author, e.g. 中山年鉴编纂委员会. */
  compiler: string | null;
  /** 【文章来源】, e.g. 《中山年鉴·2020》. */
  source: string | null;
  /** Book title and volume read from the source: 《中山年鉴·2020》 → 中山年鉴, 2020. */
  yearbook: string | null;
  edition: number | null;
  /** 撰稿人: the names in the closing signature `(黄春明)`. */
  authors: string[];
  entries: SourceEntry[];
}

export interface SourceEntry {
  title: string;
  line: number;
  /** In source order. A paragraph after a sub-entry continues it. */
  blocks: Block[];
}

export type Block =
  | { kind: 'paragraph'; text: string; line: number }
  | { kind: 'subentry'; title: string; text: string; line: number }
  | { kind: 'sidebar'; title: string; items: SidebarPart[]; line: number };

/** A `“term”:definition` item of a sidebar, or a paragraph of it that is not an item. */
export type SidebarPart =
  | { kind: 'item'; term: string; colon: string; definition: string; line: number }
  | { kind: 'paragraph'; text: string; line: number };

/** Input that is not a chapter page: said at a position of the source file, nothing is written. */
export class ImportRefusal extends Error {
  constructor(
    readonly at: Position,
    message: string,
  ) {
    super(message);
    this.name = 'ImportRefusal';
  }
}

// ---------------------------------------------------------------------------
// Bytes → text

const BOM = [0xef, 0xbb, 0xbf];

/**
 * Decodes the page strictly as UTF-8. Refuses empty files, binary data and other encodings
 * (saved from Word as GBK, or UTF-16), since guessing would change the text.
 */
export function decodeSourceText(bytes: Uint8Array, file: string, log: RepairLog): string {
  if (bytes.length === 0) throw new ImportRefusal({ line: 1, column: 1 }, `文件是空的，没有可导入的内容 (the file is empty: nothing to import)`);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new ImportRefusal({ line: 1, column: 1 }, `文件是 UTF-16 编码，请用 UTF-8 另存 (the file is UTF-16: save it as UTF-8)`);
  }
  // A NUL byte first: binary data is seldom valid UTF-8, and "binary" says more than "not UTF-8".
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new ImportRefusal({ line: 1, column: 1 }, `这不是文本文件：第 ${nul + 1} 个字节是 0x00 (binary data: byte ${nul + 1} is 0x00; this is not a text page)`);
  }
  const diagnostics = new Diagnostics();
  const text = decodeText(bytes, file, diagnostics);
  if (text === null) {
    const { line, column, message } = diagnostics.items[0]!;
    throw new ImportRefusal({ line, column }, message);
  }
  const control = /[\u0001-\u0008\u000b\u000e-\u001f\u007f]/.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).padStart(2, '0');
    throw new ImportRefusal(positionAt(text, control.index), `这不是文本文件：含有控制字符 0x${code} (binary data: control character 0x${code}; this is not a text page)`);
  }
  if (BOM.every((b, i) => bytes[i] === b)) {
    log.note({ line: 1, column: 1 }, `已去掉文件开头的字节顺序标记 BOM (dropped the byte-order mark at the start of the file)`);
  }
  return text;
}

// ---------------------------------------------------------------------------
// Lines

/** Indentation and separators of the site: ASCII and no-break spaces, ideographic spaces, tabs. */
const SPACE = '[ \\t\\u00a0\\u3000]';
const INDENT = new RegExp(`^${SPACE}*`);
const TRAILING = new RegExp(`${SPACE}+$`);
/** Sentence punctuation: a title or a lead-in never holds it. */
const SENTENCE = /[。，,；;：:]/;
const MAX_TITLE = 40;
const MAX_LEAD_IN = 30;
const MAX_TERM = 24;

interface Line {
  number: number;
  /** Column of the first character after the indentation. */
  column: number;
  /** The line without indentation and trailing spaces. */
  content: string;
  /** A line of spaces only that holds a no-break or ideographic space: the site's entry separator. */
  separator: boolean;
}

function toLines(text: string, log: RepairLog): Line[] {
  const crlf = text.indexOf('\r\n');
  if (crlf !== -1) {
    log.note(positionAt(text, crlf), `行尾 CRLF 已改为 LF (CRLF line ends read as LF)`);
  }
  return text.split(/\r\n|\r|\n/).map((raw, i) => {
    const indent = INDENT.exec(raw)![0].length;
    const content = raw.slice(indent).replace(TRAILING, '');
    return { number: i + 1, column: indent + 1, content, separator: content === '' && /[\u00a0\u3000]/.test(raw) };
  });
}

// ---------------------------------------------------------------------------
// Page chrome: lines that use 【】 or look like text but are not the chapter

/** 【key】value pairs of the metadata line; 作者 and 文章来源 are kept, the others are page counters. */
const METADATA_KEYS = new Set(['作者', '文章来源', '来源', '成文日期', '发布日期', '发布时间', '点击率', '点击数', '浏览次数', '字号']);
/** Buttons of the page footer. */
const PAGE_BUTTONS = new Set(['关闭窗口', '打印本页', '打印此页', '打印', '关闭', '返回顶部']);
const METADATA_PAIR = /【([^【】]+)】([^【]*)/g;

function isMetadata(content: string): boolean {
  const key = /^【([^【】]+)】/.exec(content)?.[1];
  return key !== undefined && METADATA_KEYS.has(key);
}

/** A line that starts with the page's navigation or buttons; a paragraph that mentions them is text. */
function isFooter(content: string): boolean {
  const button = /^【([^【】]+)】/.exec(content)?.[1];
  return /^(上一篇|下一篇)/.test(content) || (button !== undefined && PAGE_BUTTONS.has(button));
}

/** `·资料链接·` (or `【资料链接】` alone on its line) opens a sidebar; its name is the label. */
function sidebarMarker(content: string): string | null {
  const match = /^(?:[·•・]\s*(\p{Script=Han}{2,8})\s*[·•・]|【(\p{Script=Han}{2,8}链接)】|(资料链接))$/u.exec(content);
  return match ? (match[1] ?? match[2] ?? match[3])! : null;
}

// ---------------------------------------------------------------------------
// Entries, sub-entries, sidebar items, signature

interface EntryStart {
  title: string;
  /** Text after the title on the same line (the entry's first paragraph), possibly empty. */
  text: string;
  /** Offset of that text in the line's content. */
  textOffset: number;
  /** Which bracket the site lost, if any. */
  restored: '【' | '】' | null;
}

const AFTER_TITLE = new RegExp(`^${SPACE}*`);

function titleLike(title: string): boolean {
  return title.length <= MAX_TITLE && !SENTENCE.test(title);
}

/** `【标题】 text`, and the two ways the site loses a bracket: `标题】 text`, `【标题 text`. */
function entryStart(content: string): EntryStart | null {
  const make = (title: string, textStart: number, restored: EntryStart['restored']): EntryStart => {
    const gap = AFTER_TITLE.exec(content.slice(textStart))![0].length;
    return { title, text: content.slice(textStart + gap), textOffset: textStart + gap, restored };
  };
  let match = /^【([^【】]+)】/.exec(content);
  if (match) {
    const title = match[1]!;
    if (METADATA_KEYS.has(title) || PAGE_BUTTONS.has(title) || sidebarMarker(content)) return null;
    return make(title.trim(), match[0].length, null);
  }
  match = /^([^【】\s]+)】/.exec(content);
  if (match && titleLike(match[1]!)) return make(match[1]!, match[0].length, '【');
  match = new RegExp(`^【([^【】\\s]+)${SPACE}+(?=\\S)`).exec(content);
  if (match && !content.includes('】') && titleLike(match[1]!)) return make(match[1]!, match[0].length, '】');
  return null;
}

/**
 * `落实党建主体责任 研究制定……`: a short lead-in phrase, one space, the text. A follow-on
 * paragraph has no such phrase: its first space-free run holds sentence punctuation or is long.
 */
function splitLeadIn(content: string): { title: string; text: string } | null {
  const match = new RegExp(`^(\\S+?)${SPACE}+(\\S.*)$`).exec(content);
  if (!match) return null;
  const lead = match[1]!;
  if (lead.length < 2 || lead.length > MAX_LEAD_IN || SENTENCE.test(lead) || /[【】]/.test(lead)) return null;
  if (!/\p{Script=Han}/u.test(lead)) return null;
  return { title: lead, text: match[2]! };
}

/** `“四个对照”:指对照……` (either colon) → the term (quotes kept, as printed), colon, definition. */
function splitTermItem(content: string): { term: string; colon: string; definition: string } | null {
  const match = new RegExp(`^([^\\s。，,；;：:]{1,${MAX_TERM}})${SPACE}*([:：])${SPACE}*(\\S.*)$`).exec(content);
  return match ? { term: match[1]!, colon: match[2]!, definition: match[3]! } : null;
}

/** `(黄春明)`, `（张三 李四）`, `(张三、李四)`: the drafters, each a name of Han characters. */
function signatureNames(content: string): string[] | null {
  const match = /^[（(](.+)[）)]$/.exec(content);
  if (!match) return null;
  const names = match[1]!.trim().split(new RegExp(`(?:${SPACE}|[、，,；;])+`));
  const isName = (name: string) => /^\p{Script=Han}[\p{Script=Han}·•]{1,9}$/u.test(name) && !/^(详见|参见)/.test(name);
  return names.every(isName) ? names : null;
}

// ---------------------------------------------------------------------------
// The page

const TITLE_LINE = /^(.+?)\s*[（(]\s*(\d{4})\s*[）)]$/;
const SOURCE_BOOK = /^《(.+?)\s*[·・•]?\s*[（(]?(\d{4})[）)]?》$/;

/** Widens the half-width marks of a piece of content and logs how many, at the first one. */
function widen(text: string, at: Position, log: RepairLog): string {
  const result = widenPunctuation(text);
  if (result.widened.length > 0) {
    const first = result.widened[0]!;
    log.repair(
      { line: at.line, column: at.column + first.offset },
      `半角标点改为全角 ${result.widened.length} 处 (widened ${result.widened.length} half-width punctuation mark${result.widened.length === 1 ? '' : 's'} next to Chinese text: ${tally(result.widened)})`,
    );
  }
  return result.text;
}

function tally(widened: Widened[]): string {
  const counts = new Map<string, number>();
  for (const w of widened) counts.set(w.mark, (counts.get(w.mark) ?? 0) + 1);
  return [...counts].map(([mark, n]) => `"${mark}" ×${n}`).join(', ');
}

function at(line: Line, offset = 0): Position {
  return { line: line.number, column: line.column + offset };
}

export function parseSourceText(text: string, log: RepairLog): SourceChapter {
  const lines = toLines(text, log);
  const filled = lines.filter((l) => l.content !== '');
  if (filled.length === 0) throw new ImportRefusal({ line: 1, column: 1 }, `文件里只有空白，没有可导入的内容 (the file holds only blank space: nothing to import)`);

  const firstEntry = filled.findIndex((l) => !isMetadata(l.content) && !isFooter(l.content) && entryStart(l.content));
  if (firstEntry === -1) {
    throw new ImportRefusal(
      at(filled[0]!),
      `没有找到条目：源文本中每个条目以“【标题】 正文”开头 (no entries found: in the source text each entry starts with "【title】 text"; is this a chapter page?)`,
    );
  }

  const chapter: SourceChapter = { title: '', year: null, compiler: null, source: null, yearbook: null, edition: null, authors: [], entries: [] };

  // Header: the title line, then page metadata.
  const titleLine = filled[0]!;
  if (firstEntry === 0 || isMetadata(titleLine.content) || isFooter(titleLine.content)) {
    throw new ImportRefusal(at(titleLine), `第一行应为分目标题，如“组织工作(2019)” (the first line must be the chapter title, e.g. "组织工作(2019)")`);
  }
  const titled = TITLE_LINE.exec(titleLine.content);
  chapter.title = widen(titled ? titled[1]! : titleLine.content, at(titleLine), log);
  if (titled) chapter.year = Number(titled[2]);
  else log.note(at(titleLine), `标题行没有记述年份，如“组织工作(2019)” (the title line names no record year, as in "组织工作(2019)")`);
  for (const line of filled.slice(1, firstEntry)) {
    if (isMetadata(line.content)) readMetadata(line, chapter, log);
    else if (isFooter(line.content)) dropFooter(line, log);
    else throw new ImportRefusal(at(line), `第一个条目之前只能有标题行和【作者】等页面信息，这一行不属于任何条目 (text before the first entry: only the title line and page metadata such as 【作者】 may come before it)`);
  }

  // Signature: the last line of text, before the footer.
  const body = filled.slice(firstEntry);
  const last = body.findLast((l) => !isMetadata(l.content) && !isFooter(l.content))!;
  const names = entryStart(last.content) ? null : signatureNames(last.content);
  if (names) chapter.authors = names;
  else log.note(at(last), `没有找到撰稿人署名，如“(黄春明)” (no signature such as "(黄春明)" after the last entry: the chapter gets no author)`);
  const signatureLine = names ? last.number : -1;

  // Entries. A sidebar has no end marker: it ends at the next separator line or entry.
  let entry: SourceEntry | null = null;
  let sidebar: Extract<Block, { kind: 'sidebar' }> | null = null;
  for (const line of lines.slice(body[0]!.number - 1)) {
    if (line.number === signatureLine) continue;
    if (line.content === '') {
      if (line.separator) sidebar = null;
      continue;
    }
    if (isMetadata(line.content)) {
      readMetadata(line, chapter, log);
      continue;
    }
    if (isFooter(line.content)) {
      dropFooter(line, log);
      continue;
    }
    const start = entryStart(line.content);
    if (start) {
      sidebar = null;
      const title = widen(start.title, at(line, start.restored === '【' ? 0 : 1), log);
      if (start.restored) {
        log.repair(
          at(line),
          `条目标题缺少“${start.restored}”，已补上：【${title}】 (restored the missing ${start.restored === '【' ? 'opening' : 'closing'} ${start.restored} of the entry title ${title})`,
        );
      }
      entry = { title, line: line.number, blocks: [] };
      chapter.entries.push(entry);
      if (start.text) entry.blocks.push({ kind: 'paragraph', text: widen(start.text, at(line, start.textOffset), log), line: line.number });
      continue;
    }
    const current = entry!; // body starts at the first entry
    const marker = sidebarMarker(line.content);
    if (marker) {
      sidebar = { kind: 'sidebar', title: marker, items: [], line: line.number };
      current.blocks.push(sidebar);
      continue;
    }
    const content = widen(line.content, at(line), log);
    if (sidebar) {
      const item = splitTermItem(content);
      sidebar.items.push(item ? { kind: 'item', ...item, line: line.number } : { kind: 'paragraph', text: content, line: line.number });
      continue;
    }
    const lead = splitLeadIn(content);
    current.blocks.push(lead ? { kind: 'subentry', ...lead, line: line.number } : { kind: 'paragraph', text: content, line: line.number });
  }
  return chapter;
}

function readMetadata(line: Line, chapter: SourceChapter, log: RepairLog): void {
  for (const match of line.content.matchAll(METADATA_PAIR)) {
    const key = match[1]!;
    const value = match[2]!.trim();
    if (key === '作者') chapter.compiler = value || null;
    else if (key === '文章来源' || key === '来源') {
      chapter.source = value || null;
      const book = SOURCE_BOOK.exec(value);
      if (book) {
        chapter.yearbook = book[1]!;
        chapter.edition = Number(book[2]);
      }
    } else {
      log.note(at(line, match.index), `已略去页面信息【${key}】${value},它不是正文 (dropped the page field 【${key}】: it is not part of the chapter)`);
    }
  }
}

function dropFooter(line: Line, log: RepairLog): void {
  log.note(at(line), `已略去网页页脚“${line.content}” (dropped the page footer)`);
}
