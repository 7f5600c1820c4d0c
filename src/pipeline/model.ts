// Stage 3 (model): source files → typed records for the whole site, with the checks that span
// files (duplicate slugs, unknown categories, volume numbering).
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Diagnostics, type Diagnostic, type Position } from '../diagnostics.ts';
import { extractFacts } from '../facts/extract.ts';
import { checkNesting } from '../markdown/limits.ts';
import { parseMarkdown } from '../markdown/processor.ts';
import {
  ChapterFrontMatterSchema,
  SiteConfigSchema,
  SLUG_PATTERN,
  VolumeConfigSchema,
  type Chapter,
  type Entry,
  type Fact,
  type SeeReference,
  type SiteConfig,
  type VolumeConfig,
} from '../schema.ts';
import { parseEntries, type EntryView, type ParsedEntries } from './entries.ts';
import { parseYaml, splitFrontMatter } from './frontmatter.ts';
import { collectTerms } from './glossary.ts';
import type { ContentSource, SourceFile } from './load.ts';
import { EventLoopTurns } from './event-loop.ts';

export interface ChapterModel {
  record: Chapter;
  /** HTML of each entry, parallel to record.entries. */
  views: EntryView[];
  /** Where the category and slug were written, for messages about them. */
  positions: { slug: Position; category: Position };
}

export interface VolumeModel {
  yearbook: string;
  edition: number;
  year: number;
  /** 类目 in reading order (those of volume.yml, then any others in order of appearance). */
  categories: string[];
  file: string;
  /** In reading order: by category, then `order`, then file name. */
  chapters: ChapterModel[];
  /** Hash of the volume's files (volume.yml and every chapter, names and text): what the volume is made of. */
  key: string;
  /**
   * What the site-wide pages and checks work out from the volume's chapters, by name (see
   * `digest`). A build with the cache gets them back for an unchanged volume, whose chapters are
   * then not even read unless a page of the volume must be made again.
   */
  digests: Map<string, unknown>;
}

/**
 * A value worked out from a volume's chapters, once per volume and kept with it: `name` must say
 * everything the value depends on besides the volume (say, Pagefind's version), and the value must
 * be plain data that comes back from JSON as it went in.
 */
export function digest<T>(volume: VolumeModel, name: string, compute: (volume: VolumeModel) => T): T {
  if (volume.digests.has(name)) return volume.digests.get(name) as T;
  const value = compute(volume);
  volume.digests.set(name, value);
  return value;
}

/** The number of chapters of a volume, and of its drafts. */
export function chapterCounts(volume: VolumeModel): { all: number; drafts: number } {
  return digest(volume, 'chapter-counts', (v) => ({ all: v.chapters.length, drafts: v.chapters.filter((c) => c.record.draft).length }));
}

/** A volume made of exactly the same files in an earlier build (see VolumeStore). */
export interface RecalledVolume {
  categories: string[];
  /** What parsing its chapters reported. */
  diagnostics: Diagnostic[];
  digests: Record<string, unknown>;
  /** Its chapters in reading order, read when first asked for; null if the store has lost them. */
  chapters(): ChapterModel[] | null;
}

/**
 * Remembers whole volumes between builds (pipeline/cache.ts). A volume whose files are all
 * unchanged is not parsed again: its chapters are read only when something asks for them.
 */
export interface VolumeStore {
  parseChapter: ChapterParser;
  recall(key: string): RecalledVolume | null;
  /** A volume this build parsed, and what parsing it reported. */
  parsed(volume: VolumeModel, diagnostics: Diagnostic[]): void;
}

export interface SiteModel {
  title: string;
  url: string | null;
  /** Newest first. */
  volumes: VolumeModel[];
}

export interface VolumeContext {
  config: VolumeConfig;
  file: string;
}

/** Reads volume.yml. */
export function parseVolumeConfig(source: Omit<SourceFile, 'hash'>, diagnostics: Diagnostics): { config: VolumeConfig; editionAt: Position } | null {
  const result = parseYaml(source.path, source.text, 1, VolumeConfigSchema, diagnostics);
  return result.data ? { config: result.data, editionAt: result.positionOf('edition') } : null;
}

/**
 * The chapter body → entries. Text nested too deep would hang the parser or overflow its stack:
 * it is reported at its line and the body is skipped (null).
 */
function parseBody(file: string, body: string, bodyLine: number, diagnostics: Diagnostics): ParsedEntries | null {
  const tooDeep = checkNesting(body, bodyLine);
  if (tooDeep) {
    diagnostics.error(file, tooDeep, tooDeep.message);
    return null;
  }
  try {
    return parseEntries(parseMarkdown(body), file, body, bodyLine, diagnostics);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    diagnostics.error(file, { line: bodyLine, column: 1 }, `正文结构太复杂，无法读取：请减少嵌套的列表、引用或加粗 (the text is nested too deep to read: use fewer nested lists, quotes or emphasis)`);
    return null;
  }
}

/** Reads one chapter file against its volume. */
export function parseChapter(source: Omit<SourceFile, 'hash'>, volume: VolumeContext, diagnostics: Diagnostics): ChapterModel | null {
  const split = splitFrontMatter(source.path, source.text, diagnostics);
  if (!split) return null;
  const front = parseYaml(source.path, split.yaml ?? '', 1, ChapterFrontMatterSchema, diagnostics);
  const parsed = parseBody(source.path, split.body, split.bodyLine, diagnostics);
  // Checks that need only one field still run when another field is wrong, so that every
  // problem is reported at once.
  const raw = (front.raw ?? {}) as Record<string, unknown>;
  const category = typeof raw.category === 'string' ? raw.category.trim() : undefined;
  const categories = volume.config.categories;
  const categoryAt = front.positionOf('category');
  if (category && categories && !categories.includes(category)) {
    diagnostics.error(
      source.path,
      categoryAt,
      `类目“${category}”不在 ${volume.file} 的 categories 中 (unknown category "${category}": use one of ${categories.map((c) => `"${c}"`).join(', ')}, or add it to ${volume.file})`,
    );
  }
  const data = front.data;
  if (!data || !parsed) return null;
  const { entries, views } = parsed;

  const fileSlug = path.basename(source.path, '.md');
  const slug = data.slug ?? fileSlug;
  const slugAt = data.slug ? front.positionOf('slug') : { line: 1, column: 1 };
  if (!data.slug && !SLUG_PATTERN.test(fileSlug)) {
    diagnostics.error(
      source.path,
      slugAt,
      `文件名“${fileSlug}”不能用作网址名：请改用小写英文字母、数字和连字符的文件名，或在 front matter 中写 slug (the file name "${fileSlug}" is not a valid slug: rename the file, e.g. zuzhi-gongzuo.md, or add "slug: …")`,
    );
  }
  const author = data.author === undefined ? [] : Array.isArray(data.author) ? data.author : [data.author];
  const record: Chapter = {
    yearbook: volume.config.title,
    edition: volume.config.edition,
    year: volume.config.year ?? volume.config.edition - 1,
    title: data.title,
    slug,
    category: data.category ?? null,
    order: data.order ?? null,
    author,
    compiler: data.compiler ?? null,
    source: data.source ?? null,
    draft: data.draft ?? false,
    date: data.date ?? `${volume.config.edition}-01-01`,
    file: source.path,
    entries,
    terms: collectTerms(entries),
    // Copied to its length, as the entries' lists are (settled in entries.ts).
    facts: chapterFacts(entries, views).slice(),
  };
  return { record, views, positions: { slug: slugAt, category: categoryAt } };
}

/** The figures of every sentence the chapter page shows (a see-stub shows its reference instead). */
function chapterFacts(entries: Entry[], views: EntryView[]): Fact[] {
  return entries.flatMap((entry, i) =>
    entry.kind === 'see'
      ? []
      : views[i]!.sentences.flatMap((s) => extractFacts({ text: s.text, entry: entry.id, subentry: s.subentry, sentence: s.id })),
  );
}

/** Finds the chapter a see-stub points to, in the same volume. */
export function resolveSee(volume: { chapters: ChapterModel[] }, from: ChapterModel, see: SeeReference): ChapterModel | null {
  return (
    volume.chapters.find(
      (c) => c !== from && c.record.title === see.section && (see.category === null || c.record.category === see.category),
    ) ?? null
  );
}

/** Reads one chapter file against its volume: parseChapter, or a cache in front of it (build cache, dev server). */
export type ChapterParser = (source: SourceFile, volume: VolumeContext, diagnostics: Diagnostics) => ChapterModel | null;

/**
 * A long synchronous task in steps: it pauses after each chapter, so that a caller may let the event
 * loop run meanwhile (finishYielding) or not (finish).
 */
type Steps<T> = Generator<void | Promise<unknown>, T, void>;

function finish<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Runs the steps, letting the event loop run every few milliseconds: while the chapters are parsed,
 * the records of the volumes parsed already go on to Pagefind through its pipe, which is written and
 * read only when the loop runs (pages/search.ts, EarlySearchIndex).
 */
async function finishYielding<T>(steps: Steps<T>, turns = new EventLoopTurns()): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    // A step may be work to wait for (what onVolume started), else a pause for the loop's turn.
    if (step.value) await step.value;
    else await turns.take();
  }
}

/** The chapters of a volume in reading order, and its categories (those of volume.yml, then any others). */
function volumeChapters(
  sources: readonly SourceFile[],
  context: VolumeContext,
  parse: ChapterParser,
  diagnostics: Diagnostics,
): { chapters: ChapterModel[]; categories: string[] } {
  return finish(volumeChapterSteps(sources, context, parse, diagnostics));
}

function* volumeChapterSteps(
  sources: readonly SourceFile[],
  context: VolumeContext,
  parse: ChapterParser,
  diagnostics: Diagnostics,
): Steps<{ chapters: ChapterModel[]; categories: string[] }> {
  const chapters: ChapterModel[] = [];
  const slugs = new Map<string, string>();
  for (const chapterSource of sources) {
    const chapter = parse(chapterSource, context, diagnostics);
    yield;
    if (!chapter) continue;
    const first = slugs.get(chapter.record.slug);
    if (first) {
      diagnostics.error(
        chapter.record.file,
        chapter.positions.slug,
        `网址名“${chapter.record.slug}”与 ${first} 重复 (duplicate slug "${chapter.record.slug}": ${first} uses it already; a page would overwrite another page, so give this chapter a distinct "slug")`,
      );
      continue;
    }
    slugs.set(chapter.record.slug, chapter.record.file);
    chapters.push(chapter);
  }
  const categories = [...(context.config.categories ?? [])];
  for (const c of chapters) {
    if (c.record.category && !categories.includes(c.record.category)) categories.push(c.record.category);
  }
  const rank = (c: ChapterModel) => (c.record.category === null ? categories.length : categories.indexOf(c.record.category));
  chapters.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.record.order ?? Infinity) - (b.record.order ?? Infinity) ||
      (a.record.file < b.record.file ? -1 : a.record.file > b.record.file ? 1 : 0),
  );
  return { chapters, categories };
}

/** A volume whose chapters are read when first asked for. */
function lazyVolume(volume: Omit<VolumeModel, 'chapters'>, read: () => ChapterModel[]): VolumeModel {
  let chapters: ChapterModel[] | null = null;
  return Object.defineProperty(volume, 'chapters', {
    enumerable: true,
    get: () => (chapters ??= read()),
    set: (value: ChapterModel[]) => {
      chapters = value;
    },
  }) as VolumeModel;
}

/** All content → the site model. Problems are added to `diagnostics`; the model holds what parsed. */
export function buildSiteModel(content: ContentSource, diagnostics: Diagnostics, parser: ChapterParser | VolumeStore = parseChapter): SiteModel {
  return finish(siteModelSteps(content, diagnostics, parser));
}

/**
 * Told of each volume as soon as it is complete, while no error has been found, with the site it
 * belongs to: its title and address are final, its list of volumes is not (it fills as they are
 * parsed). When it returns a promise, parsing goes on once that has settled.
 */
export type VolumeListener = (volume: VolumeModel, site: SiteModel) => unknown;

/**
 * buildSiteModel, telling `onVolume` of each volume as soon as it is complete (while no error has
 * been found), and letting the event loop run every few milliseconds meanwhile.
 */
export function buildSiteModelYielding(
  content: ContentSource,
  diagnostics: Diagnostics,
  parser: ChapterParser | VolumeStore,
  onVolume: VolumeListener,
): Promise<SiteModel> {
  return finishYielding(siteModelSteps(content, diagnostics, parser, onVolume));
}

/** What a step waits for once `onVolume` has been told of the volume: what it returned, if a promise. */
function told(onVolume: VolumeListener | undefined, volume: VolumeModel, site: SiteModel): Promise<unknown> | undefined {
  const returned = onVolume?.(volume, site);
  return returned instanceof Promise ? returned : undefined;
}

function* siteModelSteps(
  content: ContentSource,
  diagnostics: Diagnostics,
  parser: ChapterParser | VolumeStore,
  onVolume?: VolumeListener,
): Steps<SiteModel> {
  const store = typeof parser === 'function' ? null : parser;
  const parse = typeof parser === 'function' ? parser : parser.parseChapter;
  let settings: SiteConfig = {};
  if (content.site) {
    settings = parseYaml(content.site.path, content.site.text, 1, SiteConfigSchema, diagnostics).data ?? {};
  }
  // Every volume.yml first: the site's title may be its newest volume's, and the pages a volume
  // listener makes show it before the other volumes are parsed. What they report is added below,
  // where each volume is taken in turn.
  const configs = content.volumes.map((source) => {
    const own = new Diagnostics();
    return { own, parsed: source.config ? parseVolumeConfig(source.config, own) : null };
  });
  // The first of the newest edition: a later volume.yml of the same edition is refused below.
  const newest = configs.reduce<VolumeConfig | null>((found, { parsed }) => (parsed && (found === null || parsed.config.edition > found.edition) ? parsed.config : found), null);
  const editions = new Map<number, string>();
  const volumes: VolumeModel[] = [];
  const site: SiteModel = {
    title: settings.title ?? newest?.title ?? '年鉴',
    // Normalised (percent-encoded, one trailing slash), so that every address built on it is valid.
    url: settings.url ? new URL(settings.url.endsWith('/') ? settings.url : `${settings.url}/`).href : null,
    volumes,
  };

  for (const [i, source] of content.volumes.entries()) {
    // Its chapters may still be being read (loadContent with a ReadAhead).
    if (source.ready) yield source.ready;
    if (!source.config) continue;
    const { own: read, parsed } = configs[i]!;
    diagnostics.items.push(...read.items);
    if (!parsed) continue;
    const { config, editionAt } = parsed;
    const file = source.config.path;
    if (/^\d+$/.test(source.name) && Number(source.name) !== config.edition) {
      diagnostics.error(file, editionAt, `卷号 ${config.edition} 与文件夹名“${source.name}”不一致 (edition ${config.edition} does not match the folder name "${source.name}": rename one of them)`);
    }
    const other = editions.get(config.edition);
    if (other) {
      diagnostics.error(file, editionAt, `卷 ${config.edition} 已在 ${other} 中定义 (volume ${config.edition} is already defined in ${other})`);
      continue;
    }
    editions.set(config.edition, file);

    const hash = createHash('sha1').update(source.config.text);
    for (const c of source.chapters) hash.update('\0').update(c.path).update('\0').update(c.hash);
    const key = hash.digest('base64url');
    const common = { yearbook: config.title, edition: config.edition, year: config.year ?? config.edition - 1, file, key };
    const recalled = store?.recall(key);
    if (recalled) {
      diagnostics.items.push(...recalled.diagnostics);
      const volume: VolumeModel = lazyVolume({ ...common, categories: recalled.categories, digests: new Map(Object.entries(recalled.digests)) }, () => {
        const chapters = recalled.chapters();
        if (chapters) return chapters;
        // Lost from the store: parsed again (what that reports was reported above).
        const own = new Diagnostics();
        const again = volumeChapters(source.chapters, { config, file }, parse, own);
        store?.parsed(volume, own.items);
        return again.chapters;
      });
      volumes.push(volume);
      if (!diagnostics.hasErrors) yield told(onVolume, volume, site);
      continue;
    }

    const own = new Diagnostics();
    const { chapters, categories } = yield* volumeChapterSteps(source.chapters, { config, file }, parse, own);
    diagnostics.items.push(...own.items);
    const volume: VolumeModel = { ...common, categories, chapters, digests: new Map() };
    store?.parsed(volume, own.items);
    volumes.push(volume);
    if (!diagnostics.hasErrors) yield told(onVolume, volume, site);
  }
  volumes.sort((a, b) => b.edition - a.edition);
  return site;
}
