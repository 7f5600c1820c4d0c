// A typed source chapter → the content format: front matter, then `## entry`, `**lead-in** text`
// and `:::sidebar[资料链接]` blocks. Characters that Markdown would read as syntax are escaped, so
// that the chapter the site shows has exactly the text of the source.
import { stringify } from 'yaml';
import type { ChapterFrontMatter, VolumeConfig } from '../schema.ts';
import type { Block, SidebarPart, SourceChapter } from './source-text.ts';

export interface ChapterOptions {
  slug?: string;
  /** 类目: the source text names none, so it comes from the editor. */
  category?: string;
}

/** Inline syntax anywhere in a line: emphasis, code, links, HTML and autolinks, escapes, entities. */
const INLINE_SYNTAX = /[\\`*_[\]<]|&(?=#?[0-9a-z]+;)/gi;
/** Block syntax at the start of a line: headings, quotes, lists, thematic breaks, fences, directives. */
const LINE_START_SYNTAX = /^(?:#{1,6}(?=[ \t]|$)|>|[+-](?=[ \t]|$)|-(?=[- \t]*$)|:::|~~~|\d{1,9}(?=[.)](?:[ \t]|$)))/;

/** Text as Markdown that reads back as the same text. */
export function escapeMarkdown(text: string): string {
  const inline = text.replace(INLINE_SYNTAX, '\\$&');
  const start = LINE_START_SYNTAX.exec(inline);
  if (!start) return inline;
  // `1. ` and `1) ` start a list: escape the dot, not the number.
  return /^\d/.test(start[0]) ? `${start[0]}\\${inline.slice(start[0].length)}` : `\\${inline}`;
}

/** A heading drops a closing run of ` #`: escape its first `#`. */
function escapeHeading(text: string): string {
  return escapeMarkdown(text).replace(/([ \t])(#+)$/, '$1\\$2');
}

function blockMarkdown(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return escapeMarkdown(block.text);
    case 'subentry':
      return `**${escapeMarkdown(block.title)}** ${escapeMarkdown(block.text)}`;
    case 'sidebar':
      return [`:::sidebar[${escapeMarkdown(block.title)}]`, ...block.items.map(sidebarPartMarkdown), ':::'].join('\n\n');
  }
}

function sidebarPartMarkdown(part: SidebarPart): string {
  return part.kind === 'item' ? `**${escapeMarkdown(part.term)}**${part.colon}${escapeMarkdown(part.definition)}` : escapeMarkdown(part.text);
}

export function frontMatter(chapter: SourceChapter, options: ChapterOptions): ChapterFrontMatter {
  const [first, ...others] = chapter.authors;
  return {
    title: chapter.title,
    slug: options.slug,
    category: options.category,
    author: first === undefined ? undefined : others.length > 0 ? chapter.authors : first,
    compiler: chapter.compiler ?? undefined,
    source: chapter.source ?? undefined,
  };
}

/** The chapter file: front matter and body, ending with one newline. */
export function chapterMarkdown(chapter: SourceChapter, options: ChapterOptions = {}): string {
  const entries = chapter.entries.map((entry) => [`## ${escapeHeading(entry.title)}`, ...entry.blocks.map(blockMarkdown)].join('\n\n'));
  return `---\n${stringify(frontMatter(chapter, options), { lineWidth: 0 })}---\n\n${entries.join('\n\n')}\n`;
}

/** volume.yml for a new volume folder, in the form of the existing ones; null when the text does not name its volume. */
export function volumeYaml(chapter: SourceChapter, category: string | undefined): string | null {
  if (chapter.yearbook === null || chapter.edition === null) return null;
  const config: VolumeConfig = {
    title: chapter.yearbook,
    edition: chapter.edition,
    year: chapter.year ?? undefined,
    categories: category ? [category] : undefined,
  };
  const year = config.year ?? config.edition - 1;
  return `# ${chapter.source}: the ${config.edition} volume records the year ${year}.\n${stringify(config, { lineWidth: 0 })}`;
}
