// Stage 3 (model): the Markdown tree of a chapter body → entries (条目) with their sub-entries
// (子条目), 资料链接 sidebars and see-references, plus the sanitized HTML the pages show.
import type { Paragraph, PhrasingContent, Root, RootContent, Strong } from 'mdast';
import type { ContainerDirective } from 'mdast-util-directive';
import { toString } from 'mdast-util-to-string';
import { Diagnostics, type Position } from '../diagnostics.ts';
import { blocksToHtml, inlineToHtml, type HastTransform } from '../markdown/processor.ts';
import { markSentences } from '../markdown/sentences.ts';
import type { Entry, SeeReference, Sidebar, Subentry } from '../schema.ts';

/** What a page shows of an entry, parallel to the record (HTML is sanitized already). */
export interface EntryView {
  leadHtml: string[];
  subentries: { id: string; title: string; html: string[] }[];
  sidebars: { title: string; items: { term: string; definitionHtml: string }[]; paragraphsHtml: string[] }[];
  /** Every sentence of the HTML above, wrapped in <span id>, in reading order. */
  sentences: SentenceView[];
}

export interface SentenceView {
  /** Anchor on the chapter page: <entry id>-s<n>. */
  id: string;
  text: string;
  /** The sub-entry it belongs to, if any. */
  subentry: string | null;
}

export interface ParsedEntries {
  entries: Entry[];
  views: EntryView[];
}

/** Ids used by the page itself, which an entry must not take. */
const RESERVED_IDS = new Set(['main', 'toc', 'toc-heading', 'top', 'content', 'search', 'nav', 'footer', 'header']);
/** The chapter page gives an entry's heading the id `<entry id>-title`: that id is taken too. */
export const HEADING_ID_SUFFIX = '-title';

const SEE_STUB = /^[（(]\s*(详见[^（）()]*?)\s*[）)]$/;
const SEE_TARGET = /^详见\s*(?:“([^”]+)”类目)?\s*“([^”]+)”(?:分目|条目)?$/;
/** A term wholly in quotes: “四个对照”. A term that only starts with a quotation (“大统战”工作格局) keeps it. */
const QUOTED_TERM = /^(?:“([^“”]+)”|"([^"]+)"|‘([^‘’]+)’|「([^「」]+)」|『([^『』]+)』)$/;

function unquote(term: string): string {
  const match = QUOTED_TERM.exec(term);
  return match ? match.slice(1).find((inner) => inner !== undefined)! : term;
}

/** A readable anchor: the title's letters and digits, other characters folded into hyphens. */
export function anchorFor(title: string): string {
  return title
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

export function isOverviewTitle(title: string): boolean {
  return /(概况|综述)$/.test(title);
}

/** Plain text of Markdown nodes, as a reader sees it. */
export function plainText(node: RootContent | Root | RootContent[]): string {
  const text = Array.isArray(node) ? node.map((n) => toString(n)).join('') : toString(node);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

interface Context {
  file: string;
  body: string;
  lineOffset: number;
  diagnostics: Diagnostics;
}

export function parseEntries(tree: Root, file: string, body: string, bodyLine: number, diagnostics: Diagnostics): ParsedEntries {
  const ctx: Context = { file, body, lineOffset: bodyLine - 1, diagnostics };
  const entries: Entry[] = [];
  const views: EntryView[] = [];
  const ids = new Set<string>();
  const titles = new Map<string, number>();
  let entry: Entry | null = null;
  let view: EntryView | null = null;
  let complainedAboutPreamble = false;
  let sentenceCount = 0;

  const uniqueId = (wanted: string, fallback: string, withHeading = false): string => {
    const base = wanted || fallback;
    const taken = (id: string) => ids.has(id) || (withHeading && ids.has(id + HEADING_ID_SUFFIX));
    let id = RESERVED_IDS.has(base) ? `${base}-1` : base;
    for (let n = 2; taken(id); n++) id = `${base}-${n}`;
    ids.add(id);
    if (withHeading) ids.add(id + HEADING_ID_SUFFIX);
    return id;
  };
  // Wraps the sentences of an HTML view of the current entry, numbered through the entry.
  const sentences =
    (subentry: string | null): HastTransform =>
    (tree) => {
      const marked = markSentences(tree, () => uniqueId(`${entry!.id}-s${++sentenceCount}`, ''));
      // Written out: V8 makes `{ ...m, subentry }` through a slow path, and there are some 30 a chapter.
      for (const m of marked) view!.sentences.push({ id: m.id, text: m.text, subentry });
    };

  for (const node of tree.children) {
    const at = positionOf(node, ctx);
    if (node.type === 'heading') {
      if (node.depth !== 2) {
        ctx.diagnostics.error(
          file,
          at,
          node.depth === 1
            ? `正文中不用一级标题，章节标题写在 front matter 的 title 中；条目标题用“## 标题” (a "# heading" is not used in the body: the chapter title goes in the front matter, entries are "## title")`
            : `条目标题用“## 标题”，子条目用段首加粗“**标题** 正文” (use "## title" for an entry; a sub-entry is a paragraph that starts with "**lead-in** text")`,
        );
        continue;
      }
      const title = plainText(node);
      if (!title) {
        ctx.diagnostics.error(file, at, `条目标题为空 (empty entry title: write the title after "## ")`);
        continue;
      }
      if (/[【】]/.test(title)) {
        ctx.diagnostics.error(file, at, `条目标题不加【】，直接写“## ${title.replace(/[【】]/g, '')}” (write entry titles without 【】)`);
      }
      const first = titles.get(title);
      if (first !== undefined) {
        ctx.diagnostics.error(file, at, `条目标题“${title}”与第 ${first} 行重复 (duplicate entry title "${title}": it is already used on line ${first}; give each entry its own title)`);
      } else {
        titles.set(title, at.line);
      }
      entry = {
        id: uniqueId(anchorFor(title), `entry-${entries.length + 1}`, true),
        title,
        kind: isOverviewTitle(title) ? 'overview' : 'entry',
        paragraphs: [],
        subentries: [],
        sidebars: [],
        see: null,
        line: at.line,
      };
      view = { leadHtml: [], subentries: [], sidebars: [], sentences: [] };
      sentenceCount = 0;
      entries.push(entry);
      views.push(view);
      continue;
    }

    if (node.type === 'definition' || node.type === 'yaml') continue;
    if (node.type === 'html') {
      ctx.diagnostics.warning(file, at, `HTML 代码不会显示在页面上，已略去 (raw HTML is not allowed in content and was left out)`);
      continue;
    }
    if (!entry || !view) {
      if (!complainedAboutPreamble) {
        ctx.diagnostics.error(file, at, `这段文字不属于任何条目：请先写条目标题“## 标题” (this text is not inside an entry: start the entry with a line "## title" above it)`);
        complainedAboutPreamble = true;
      }
      continue;
    }

    if (node.type === 'containerDirective') {
      const sidebar = parseSidebar(node, ctx, sentences(null));
      if (sidebar) {
        entry.sidebars.push(sidebar.record);
        view.sidebars.push(sidebar.view);
      }
      continue;
    }

    const lead = node.type === 'paragraph' ? splitLeadIn(node) : null;
    if (lead) {
      const title = plainText(lead.strong);
      const text = plainText(lead.rest);
      const subentry: Subentry = {
        id: uniqueId(anchorFor(`${entry.title}-${title}`), `${entry.id}-${entry.subentries.length + 1}`),
        title,
        text,
        line: at.line,
      };
      entry.subentries.push(subentry);
      view.subentries.push({ id: subentry.id, title, html: [inlineToHtml(lead.rest, sentences(subentry.id))] });
      continue;
    }

    const text = plainText(node);
    const current = entry.subentries.at(-1);
    const html = blocksToHtml([node], sentences(current?.id ?? null));
    const currentView = view.subentries.at(-1);
    if (current && currentView) {
      // A paragraph after a sub-entry continues it, until the next lead-in.
      current.text = current.text ? `${current.text}\n\n${text}` : text;
      currentView.html.push(html);
    } else {
      if (text) entry.paragraphs.push(text);
      view.leadHtml.push(html);
    }
  }

  entries.forEach((e) => classifySeeStub(e, ctx));
  if (entries.length === 0) {
    ctx.diagnostics.error(file, { line: bodyLine, column: 1 }, `这一章没有条目：每个条目以“## 标题”开头 (the chapter has no entries: each entry starts with a line "## title")`);
  }
  return settled(entries, views);
}

/**
 * The chapter's lists copied to their length. An array grown by push from empty keeps room for 17
 * items, and a chapter has some fifteen lists, most of one or two items, that stay in memory for
 * the whole build: in a heap snapshot of 4,000 chapters, 62,000 of them took 9 MB of 85 MB.
 */
function settled(entries: Entry[], views: EntryView[]): ParsedEntries {
  for (const entry of entries) {
    entry.paragraphs = entry.paragraphs.slice();
    entry.subentries = entry.subentries.slice();
    entry.sidebars = entry.sidebars.slice();
    for (const sidebar of entry.sidebars) {
      sidebar.items = sidebar.items.slice();
      sidebar.paragraphs = sidebar.paragraphs.slice();
    }
  }
  for (const view of views) {
    view.leadHtml = view.leadHtml.slice();
    view.subentries = view.subentries.slice();
    for (const subentry of view.subentries) subentry.html = subentry.html.slice();
    view.sidebars = view.sidebars.slice();
    for (const sidebar of view.sidebars) {
      sidebar.items = sidebar.items.slice();
      sidebar.paragraphsHtml = sidebar.paragraphsHtml.slice();
    }
    view.sentences = view.sentences.slice();
  }
  return { entries: entries.slice(), views: views.slice() };
}

/** `**lead-in** text` → the bold lead-in and the rest (leading space dropped). */
function splitLeadIn(paragraph: Paragraph): { strong: Strong; rest: PhrasingContent[] } | null {
  const [first, second, ...others] = paragraph.children;
  if (first?.type !== 'strong' || !plainText(first)) return null;
  if (second === undefined) return { strong: first, rest: [] };
  if (second.type !== 'text' || !/^[ \t\u00a0\u3000]/.test(second.value)) return null;
  const trimmed = { ...second, value: second.value.replace(/^[ \t\u00a0\u3000]+/, '') };
  return { strong: first, rest: trimmed.value ? [trimmed, ...others] : others };
}

function parseSidebar(node: ContainerDirective, ctx: Context, sentences: HastTransform): { record: Sidebar; view: EntryView['sidebars'][number] } | null {
  const at = positionOf(node, ctx);
  if (node.name !== 'sidebar') {
    ctx.diagnostics.error(ctx.file, at, `未知的块“:::${node.name}”；资料链接写作“:::sidebar[资料链接]”，以“:::”结束 (unknown block ":::${node.name}": a 资料链接 box is written ":::sidebar[资料链接]" … ":::")`);
    return null;
  }
  const source = ctx.body.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? ctx.body.length);
  if (!/\n[ \t]*:{3,}[ \t]*$/.test(source)) {
    ctx.diagnostics.error(ctx.file, at, `资料链接没有结束：请在它的最后一项之后加一行“:::” (unclosed sidebar: add a line ":::" after its last item)`);
  }
  let title = '资料链接';
  const record: Sidebar = { title, items: [], paragraphs: [], line: at.line };
  const view: EntryView['sidebars'][number] = { title, items: [], paragraphsHtml: [] };
  for (const child of node.children) {
    if (child.type === 'paragraph' && child.data && (child.data as { directiveLabel?: boolean }).directiveLabel) {
      title = plainText(child) || title;
      continue;
    }
    if (child.type === 'containerDirective') {
      ctx.diagnostics.error(ctx.file, positionOf(child, ctx), `资料链接里不能再套“:::”块 (a sidebar cannot contain another ":::" block)`);
      continue;
    }
    if (child.type === 'heading') {
      ctx.diagnostics.error(ctx.file, positionOf(child, ctx), `资料链接里不能有条目标题；是否漏了结束的“:::”? (a heading inside a sidebar: did you forget the closing ":::" line?)`);
      continue;
    }
    if (child.type === 'html') {
      ctx.diagnostics.warning(ctx.file, positionOf(child, ctx), `HTML 代码不会显示在页面上，已略去 (raw HTML is not allowed in content and was left out)`);
      continue;
    }
    const item = child.type === 'paragraph' ? splitTermItem(child) : null;
    if (item) {
      record.items.push({ term: item.term, definition: plainText(item.definition) });
      view.items.push({ term: item.term, definitionHtml: inlineToHtml(item.definition, sentences) });
    } else {
      const text = plainText(child);
      if (text) record.paragraphs.push(text);
      view.paragraphsHtml.push(blocksToHtml([child], sentences));
    }
  }
  record.title = title;
  view.title = title;
  return { record, view };
}

/** `**“term”**：definition` (or `**“term”：**definition`) → term without quotes and the definition. */
function splitTermItem(paragraph: Paragraph): { term: string; definition: PhrasingContent[] } | null {
  const [first, second, ...others] = paragraph.children;
  if (first?.type !== 'strong') return null;
  const bold = plainText(first);
  if (/[:：]$/.test(bold)) {
    const rest = second ? [second, ...others] : [];
    return { term: unquote(bold.replace(/[:：]$/, '').trim()), definition: trimStart(rest) };
  }
  if (second?.type !== 'text' || !/^\s*[:：]/.test(second.value)) return null;
  const definition = trimStart([{ ...second, value: second.value.replace(/^\s*[:：]/, '') }, ...others]);
  return { term: unquote(bold.trim()), definition };
}

function trimStart(nodes: PhrasingContent[]): PhrasingContent[] {
  const [first, ...rest] = nodes;
  if (first?.type === 'text') {
    const value = first.value.replace(/^\s+/, '');
    return value ? [{ ...first, value }, ...rest] : rest;
  }
  return nodes;
}

/** An entry whose only text is （详见“市情概览”类目“政治建设”分目） is a see-stub. */
function classifySeeStub(entry: Entry, ctx: Context): void {
  if (entry.paragraphs.length !== 1 || entry.subentries.length > 0 || entry.sidebars.length > 0) return;
  const match = SEE_STUB.exec(entry.paragraphs[0]!);
  if (!match) return;
  const target = SEE_TARGET.exec(match[1]!);
  if (!target) {
    ctx.diagnostics.warning(
      ctx.file,
      { line: entry.line, column: 1 },
      `看不懂这条“详见”的目标，应写作（详见“类目”类目“分目”分目） (cannot read the target of this cross-reference; write it as （详见“类目名”类目“分目名”分目）)`,
    );
    return;
  }
  const see: SeeReference = { category: target[1] ?? null, section: target[2]! };
  entry.kind = 'see';
  entry.see = see;
}

function positionOf(node: { position?: { start: { line: number; column: number } } }, ctx: Context): Position {
  const start = node.position?.start;
  return start ? { line: start.line + ctx.lineOffset, column: start.column } : { line: ctx.lineOffset + 1, column: 1 };
}
