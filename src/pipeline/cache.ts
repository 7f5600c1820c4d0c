// A content-hash cache between builds, in node_modules/.cache/yearbook (ignored by git):
// - parsed chapters (分目), keyed by the file's path and bytes and its volume's settings, one
//   file per volume (chapters/), so that an edit rewrites only its volume's;
// - each volume (卷) as a whole, keyed by all of its files (models.json): the order of its chapters,
//   what parsing them reported and what the site-wide pages worked out from them (digests), so that
//   an unchanged volume is not parsed and its chapters file is read only if a page of it is made;
// - each chapter file's size, times, inode and text hash when it was read (sources.json), so that a
//   file unchanged since is not even read (load.ts, SourceIndex);
// - rendered pages, keyed by the template name and the page's data (templates see nothing else):
//   the hash of the page's bytes, so that a page the output folder holds already is not rendered
//   again (the page itself is not kept: the output folder has it);
// - the files each volume page generator made of each volume (path → hash), keyed by what they
//   are made from, so that an unchanged volume's pages are not even prepared;
// - what the last build wrote into each output folder (path → hash of the bytes), so that the next
//   build writes only what changed (write.ts).
// Each part carries a fingerprint; when it differs the part starts empty: the tool's own source,
// its dependency versions and Node's version for both, and the templates as well for pages.
// A hit gives back exactly what a fresh parse or render would, so output is byte-identical.
import { createHash } from 'node:crypto';
import { readFileSync, type BigIntStats } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Diagnostics, type Diagnostic } from '../diagnostics.ts';
import { TOOL_ROOT } from '../tool-root.ts';
import type { SourceFile, SourceIndex } from './load.ts';
import { parseChapter, type ChapterModel, type RecalledVolume, type SiteModel, type VolumeContext, type VolumeModel, type VolumeStore } from './model.ts';
import { isRemembered, isUnconverted, resolveFile, whenHashed, type PageFile, type RememberedPage, type RenderMemo, type UnconvertedPage } from './render.ts';
import { convertPage } from './traditional.ts';
import { contentHash } from './write.ts';

export const DEFAULT_CACHE_DIR = path.join('node_modules', '.cache', 'yearbook');

/** Bump when the stored format changes. */
const FORMAT = 3;

interface ChapterEntry {
  model: ChapterModel | null;
  diagnostics: Diagnostic[];
}

interface VolumeEntry {
  /** Path and hash of each file made. */
  files: [string, string][];
  /** The keys of the pages rendered for them, kept in the page part while the volume is. */
  pages: string[];
}

/** A volume as the last build had it (models.json). */
interface ModelEntry {
  /** Its chapters file, in chapters/. */
  part: string;
  /** The keys of its chapters in that file, in reading order. */
  chapters: string[];
  categories: string[];
  diagnostics: Diagnostic[];
  digests: Record<string, unknown>;
}

/** A chapter file as it was read: size, mtime and ctime (ns), inode, and the hash of its text. */
type SourceEntry = [string, string, string, string, string];

interface StoredSources {
  format: number;
  /** When the files were looked at (ms since 1970). */
  readAt: number;
  entries: Record<string, SourceEntry>;
}

/**
 * A file changed within this long before it was looked at may change again within the same tick
 * of the file system's clock, unseen by its times: it is read again next time (as git does).
 */
const RACY_NS = 2_000_000_000n;

interface StoredPart<T> {
  format: number;
  fingerprint: string;
  entries: Record<string, T>;
}

function hash(...parts: string[]): string {
  const h = createHash('sha256');
  for (const part of parts) h.update(part).update('\0');
  return h.digest('base64url');
}

/** Every file under `dir` (sorted), hashed with its relative path; a missing folder hashes as empty. */
async function hashTree(dir: string, filter: (relative: string) => boolean = () => true): Promise<string> {
  let names: string[];
  try {
    names = (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
      .filter(filter)
      .sort();
  } catch {
    return hash('missing', dir);
  }
  const h = createHash('sha256');
  for (const name of names) h.update(name).update('\0').update(await readFile(path.join(dir, name))).update('\0');
  return h.digest('base64url');
}

async function readOptional(file: string): Promise<string> {
  return readFile(file, 'utf8').catch(() => '');
}

// Set in the CLI's bundle (src/bin/yearbook.js): the hash of the sources, package.json and the
// installed packages it was made from.
declare const YEARBOOK_SOURCES: string | undefined;

/** What every cached result depends on besides its own input: this tool and what it runs on. */
export async function toolFingerprint(): Promise<string> {
  if (typeof YEARBOOK_SOURCES === 'string') return hash(String(FORMAT), process.version, YEARBOOK_SOURCES);
  return hash(
    String(FORMAT),
    process.version,
    await hashTree(path.join(TOOL_ROOT, 'src'), (f) => f.endsWith('.ts') || f.endsWith('.js')),
    await readOptional(path.join(TOOL_ROOT, 'package.json')),
    // Installed dependency versions (npm writes this on every install).
    await readOptional(path.join(TOOL_ROOT, 'node_modules', '.package-lock.json')),
  );
}

function entriesOf<T>(text: string, fingerprint: string): Record<string, T> {
  const stored = JSON.parse(text) as StoredPart<T>;
  return stored.format === FORMAT && stored.fingerprint === fingerprint && stored.entries ? stored.entries : {};
}

async function loadPart<T>(file: string, fingerprint: string): Promise<Record<string, T>> {
  try {
    return entriesOf<T>(await readFile(file, 'utf8'), fingerprint);
  } catch {
    // No cache yet, or an unreadable one: start empty.
    return {};
  }
}

/** loadPart, for what is asked for in the middle of a build. */
function loadPartSync<T>(file: string, fingerprint: string): Record<string, T> {
  try {
    return entriesOf<T>(readFileSync(file, 'utf8'), fingerprint);
  } catch {
    return {};
  }
}

export interface CacheStats {
  chapterHits: number;
  chapterMisses: number;
  pageHits: number;
  pageMisses: number;
  /** Volumes whose pages of one kind were known (volume page generators). */
  volumeHits: number;
  volumeMisses: number;
  /** Volumes unchanged since the last build, and of those, the ones whose chapters had to be read. */
  volumesRecalled: number;
  volumesRead: number;
  /** Chapter files known unchanged (not read), and read. */
  sourcesKnown: number;
  sourcesRead: number;
}

/** Replaces a file whole, so that a reader never sees half of one. */
export async function replaceFile(file: string, content: string | Uint8Array): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, file);
}

export class BuildCache implements RenderMemo, VolumeStore, SourceIndex {
  readonly stats: CacheStats = { chapterHits: 0, chapterMisses: 0, pageHits: 0, pageMisses: 0, volumeHits: 0, volumeMisses: 0, volumesRecalled: 0, volumesRead: 0, sourcesKnown: 0, sourcesRead: 0 };
  /** What this build used: only these are kept, so the cache does not grow without end. */
  /** Chapters used, by the file of their volume's part (chapters/<name>.json). */
  private readonly usedChapters = new Map<string, Record<string, ChapterEntry>>();
  /** Parts with a chapter parsed afresh. */
  private readonly missedParts = new Set<string>();
  /** Each volume's part as loaded (only those asked for). */
  private readonly chapterParts = new Map<string, Record<string, ChapterEntry>>();
  /** The key each chapter was parsed or read under. */
  private readonly chapterKeys = new WeakMap<ChapterModel, string>();
  /** Volumes parsed in this build, with what parsing them reported. */
  private readonly parsedVolumes = new Map<VolumeModel, Diagnostic[]>();
  /** Volumes of the last build this one has, by key. */
  private readonly recalled = new Map<string, ModelEntry>();
  /** The chapter files of this build, as read now or before. */
  private readonly seenSources: Record<string, SourceEntry> = {};
  /** When this build began looking at the files. */
  private readonly readAt = Date.now();
  private readonly usedPages: Record<string, string> = {};
  private readonly usedVolumes: Record<string, VolumeEntry> = {};
  /** The page keys asked for while a volume's pages are made. */
  private collecting: string[] | null = null;

  private constructor(
    readonly dir: string,
    private readonly fingerprints: { chapters: string; pages: string },
    private readonly models: Record<string, ModelEntry>,
    private readonly pages: Record<string, string>,
    private readonly volumes: Record<string, VolumeEntry>,
    private readonly sources: StoredSources | null,
  ) {
    // Only when no page is remembered (the first build, or one after the templates changed), so
    // that most pages are made: the writer's thread then converts the Traditional ones. A rebuild
    // makes a handful, converted here rather than have that thread build OpenCC's tables too.
    if (Object.keys(pages).length > 0) this.renderUnconverted = undefined;
  }

  static async open(dir: string, templatesDir: string): Promise<BuildCache> {
    const absolute = path.resolve(dir);
    const tool = await toolFingerprint();
    const fingerprints = { chapters: tool, pages: hash(tool, await hashTree(templatesDir)) };
    const [models, pages, volumes, sources] = await Promise.all([
      loadPart<ModelEntry>(path.join(absolute, 'models.json'), fingerprints.chapters),
      loadPart<string>(path.join(absolute, 'pages.json'), fingerprints.pages),
      loadPart<VolumeEntry>(path.join(absolute, 'volumes.json'), fingerprints.pages),
      readFile(path.join(absolute, 'sources.json'), 'utf8')
        .then((text) => JSON.parse(text) as StoredSources)
        .then((stored) => (stored.format === FORMAT && typeof stored.readAt === 'number' && stored.entries ? stored : null))
        .catch(() => null),
    ]);
    return new BuildCache(absolute, fingerprints, models, pages, volumes, sources);
  }

  known(absolute: string, stats: BigIntStats): string | null {
    const entry = this.sources?.entries[absolute];
    if (!entry) return null;
    const now = sourceEntry(stats, entry[4]);
    const racy = stats.ctimeNs >= BigInt(this.sources!.readAt) * 1_000_000n - RACY_NS;
    if (racy || now.some((value, i) => value !== entry[i])) return null;
    this.stats.sourcesKnown++;
    this.seenSources[absolute] = entry;
    return entry[4];
  }

  remember(absolute: string, stats: BigIntStats, textHash: string): void {
    this.stats.sourcesRead++;
    this.seenSources[absolute] = sourceEntry(stats, textHash);
  }

  /** The chapters file of a volume, read when first needed. */
  private part(name: string): Record<string, ChapterEntry> {
    let entries = this.chapterParts.get(name);
    if (!entries) this.chapterParts.set(name, (entries = loadPartSync<ChapterEntry>(path.join(this.dir, 'chapters', name), this.fingerprints.chapters)));
    return entries;
  }

  /** A volume made of exactly these files in the last build: its chapters are read only when asked for. */
  recall(key: string): RecalledVolume | null {
    const entry = this.models[key];
    if (!entry) return null;
    this.stats.volumesRecalled++;
    this.recalled.set(key, entry);
    return {
      categories: entry.categories,
      diagnostics: entry.diagnostics,
      digests: entry.digests,
      chapters: () => {
        this.stats.volumesRead++;
        const part = this.part(entry.part);
        // A chapters file damaged or removed since: the volume is parsed again.
        if (!entry.chapters.every((chapterKey) => part[chapterKey]?.model)) return null;
        let used = this.usedChapters.get(entry.part);
        if (!used) this.usedChapters.set(entry.part, (used = {}));
        return entry.chapters.map((chapterKey) => {
          const stored = part[chapterKey]!;
          used[chapterKey] = stored;
          this.chapterKeys.set(stored.model!, chapterKey);
          return stored.model!;
        });
      },
    };
  }

  parsed(volume: VolumeModel, diagnostics: Diagnostic[]): void {
    this.parsedVolumes.set(volume, diagnostics);
  }

  /** parseChapter, from the cache when this file with this volume was parsed before. */
  readonly parseChapter = (source: SourceFile, volume: VolumeContext, diagnostics: Diagnostics): ChapterModel | null => {
    const part = partName(volume.file);
    const key = hash(source.path, volume.file, JSON.stringify(volume.config), source.hash);
    let entry = this.part(part)[key];
    if (entry) {
      this.stats.chapterHits++;
    } else {
      this.stats.chapterMisses++;
      this.missedParts.add(part);
      const own = new Diagnostics();
      // Through JSON, so that a fresh result is the same plain data a cached one is.
      entry = JSON.parse(JSON.stringify({ model: parseChapter(source, volume, own), diagnostics: own.items })) as ChapterEntry;
    }
    let used = this.usedChapters.get(part);
    if (!used) this.usedChapters.set(part, (used = {}));
    used[key] = entry;
    diagnostics.items.push(...entry.diagnostics);
    if (entry.model) this.chapterKeys.set(entry.model, key);
    return entry.model;
  };

  render(name: string, data: object, render: () => string): string | RememberedPage {
    const key = this.pageKey(name, data);
    const known = this.rememberedPage(key, render);
    if (known) return known;
    const html = render();
    this.usedPages[key] = contentHash(html);
    return html;
  }

  /**
   * A page in another script made now is left for the writer's thread to convert, and remembered
   * once that thread has hashed its bytes (a build waits for every page written before `save`).
   */
  renderUnconverted? = (name: string, data: object, lang: string, render: () => string): RememberedPage | UnconvertedPage => {
    const key = this.pageKey(name, data);
    const known = this.rememberedPage(key, () => convertPage({ lang, simplified: render() }));
    if (known) return known;
    const page: UnconvertedPage = { lang, simplified: render() };
    this.usedPages[key] = '';
    whenHashed(page, (bytesHash) => (this.usedPages[key] = bytesHash));
    return page;
  };

  private pageKey(name: string, data: object): string {
    const key = hash(name, JSON.stringify(data));
    this.collecting?.push(key);
    return key;
  }

  /** The page remembered under `key`, if any (counted as a hit or a miss). */
  private rememberedPage(key: string, render: () => string): RememberedPage | null {
    const known = this.pages[key];
    if (known === undefined) {
      this.stats.pageMisses++;
      return null;
    }
    this.stats.pageHits++;
    this.usedPages[key] = known;
    return { hash: known, render };
  }

  files(key: string, make: () => Iterable<PageFile>): Iterable<PageFile> {
    const hashed = hash(key);
    const known = this.volumes[hashed];
    if (known) {
      this.stats.volumeHits++;
      this.usedVolumes[hashed] = known;
      // Kept, so that when one chapter of the volume changes the others' pages are still known.
      for (const page of known.pages) if (this.pages[page] !== undefined) this.usedPages[page] = this.pages[page];
      // Made again, all at once, only if one of them is wanted after all.
      let made: Map<string, string | Uint8Array> | null = null;
      const render = (file: string) => () => {
        made ??= new Map(Array.from(make(), (f) => [f.path, resolveFile(f).content]));
        const content = made.get(file);
        if (typeof content !== 'string') throw new Error(`the cache does not match the pages of ${file}: build with --no-cache`);
        return content;
      };
      return known.files.map(([file, fileHash]) => ({ path: file, content: { hash: fileHash, render: render(file) } }));
    }
    this.stats.volumeMisses++;
    return this.remembering(hashed, make);
  }

  /**
   * The pages of a volume not remembered, handed on as `make` makes them (a few at a time, see
   * PAGES_AT_ONCE), and remembered once the last is made: each file with its hash, and the pages
   * asked for while they were made.
   */
  private *remembering(hashed: string, make: () => Iterable<PageFile>): Iterable<PageFile> {
    const pages: string[] = [];
    const files: [string, string][] = [];
    // The pages asked for are collected only while this volume's pages are being made, step by step.
    const collected = <T>(step: () => T): T => {
      this.collecting = pages;
      try {
        return step();
      } finally {
        this.collecting = null;
      }
    };
    const made = collected(() => make()[Symbol.iterator]());
    for (let next = collected(() => made.next()); !next.done; next = collected(() => made.next())) {
      const file = next.value;
      if (isRemembered(file.content)) files.push([file.path, file.content.hash]);
      else if (!isUnconverted(file.content)) files.push([file.path, contentHash(file.content)]);
      else {
        // Converted and hashed by the writer's thread (see renderUnconverted).
        const entry: [string, string] = [file.path, ''];
        whenHashed(file.content, (bytesHash) => (entry[1] = bytesHash));
        files.push(entry);
      }
      yield file;
    }
    this.usedVolumes[hashed] = { files, pages };
  }

  /** The file in the cache `cacheDir` of what the last build wrote into `outDir` (manifest.ts: read and saved by the writer's thread). */
  static manifestFile(cacheDir: string, outDir: string): string {
    return path.join(path.resolve(cacheDir), `output-${hash(path.resolve(outDir)).slice(0, 16)}.json`);
  }

  /**
   * Writes what this build used; `site` is the model it built, for what to remember of each volume.
   * The pages and the volumes' files are written once `written` settles: the hashes of the pages
   * the writer's thread converted come back with it.
   */
  async save(site: SiteModel, written: Promise<unknown> = Promise.resolve()): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const write = (name: string, fingerprint: string, entries: Record<string, unknown>) =>
      replaceFile(path.join(this.dir, name), JSON.stringify({ format: FORMAT, fingerprint, entries }));
    const changed = (used: object, loaded: object, misses: number) => misses > 0 || Object.keys(used).length !== Object.keys(loaded).length;
    const models: Record<string, ModelEntry> = {};
    let modelsChanged = Object.keys(this.models).length !== site.volumes.length;
    for (const volume of site.volumes) {
      const recalled = this.parsedVolumes.has(volume) ? undefined : this.recalled.get(volume.key);
      const digests = Object.fromEntries(volume.digests);
      if (recalled) {
        models[volume.key] = { ...recalled, digests };
        modelsChanged ||= Object.keys(digests).length !== Object.keys(recalled.digests).length;
        continue;
      }
      const diagnostics = this.parsedVolumes.get(volume);
      const keys = volume.chapters.map((c) => this.chapterKeys.get(c));
      if (!diagnostics || keys.some((k) => k === undefined)) continue;
      models[volume.key] = { part: partName(volume.file), chapters: keys as string[], categories: volume.categories, diagnostics, digests };
      modelsChanged = true;
    }
    // The chapters files of the volumes this build has, read or not.
    const parts = new Set([...this.usedChapters.keys(), ...Object.values(models).map((m) => m.part)]);
    await mkdir(path.join(this.dir, 'chapters'), { recursive: true });
    const stored = await readdir(path.join(this.dir, 'chapters'));
    await Promise.all([
      ...[...this.usedChapters].map(([part, used]) =>
        this.missedParts.has(part) || Object.keys(used).length !== Object.keys(this.chapterParts.get(part) ?? {}).length
          ? write(path.join('chapters', part), this.fingerprints.chapters, used)
          : null,
      ),
      // The single file of parsed chapters an older version kept (38 MB at 4,000 chapters).
      rm(path.join(this.dir, 'chapters.json'), { force: true }),
      // Volumes that are gone.
      ...stored.filter((name) => name.endsWith('.json') && !parts.has(name)).map((name) => rm(path.join(this.dir, 'chapters', name), { force: true })),
      modelsChanged ? write('models.json', this.fingerprints.chapters, models) : null,
      replaceFile(path.join(this.dir, 'sources.json'), JSON.stringify({ format: FORMAT, readAt: this.readAt, entries: this.seenSources } satisfies StoredSources)),
      written.then(() =>
        Promise.all([
          changed(this.usedPages, this.pages, this.stats.pageMisses) ? write('pages.json', this.fingerprints.pages, this.usedPages) : null,
          changed(this.usedVolumes, this.volumes, this.stats.volumeMisses) ? write('volumes.json', this.fingerprints.pages, this.usedVolumes) : null,
        ]),
      ),
    ]);
  }
}

function sourceEntry(stats: BigIntStats, textHash: string): SourceEntry {
  return [String(stats.size), String(stats.mtimeNs), String(stats.ctimeNs), String(stats.ino), textHash];
}

/** The chapters file of the volume described by `volumeFile` (its volume.yml). */
function partName(volumeFile: string): string {
  return `${hash(volumeFile).slice(0, 16)}.json`;
}
