// Stage 4 (render): the site model → output files. The page generators in src/pages/ prepare
// the data of each page; the Liquid templates in templates/ only present it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Liquid, type Template } from 'liquidjs';
import { BuildError, type Diagnostic } from '../diagnostics.ts';
import { TemplateCompiler } from './liquid-compile.ts';
import { displayPath } from './load.ts';
import { chapterCounts, type SiteModel, type VolumeModel } from './model.ts';
import { convertPage, isUnconverted, SCRIPTS, SIMPLIFIED, type Script, type UnconvertedPage } from './traditional.ts';
import { contentHash } from './write.ts';

export { isUnconverted, type UnconvertedPage } from './traditional.ts';

export type FileContent = string | Uint8Array;

export interface OutputFile {
  /** Path inside the output folder, with forward slashes. */
  path: string;
  content: FileContent;
}

/**
 * A page the last build rendered from the same template and data (pipeline/cache.ts): the hash of
 * its bytes is known, so when the output already holds those bytes it need not be rendered again.
 */
export interface RememberedPage {
  readonly hash: string;
  render(): FileContent;
}

/**
 * An output file as the page generators make it: a page may be one remembered from the last build,
 * or one still to be converted into its script.
 */
export interface PageFile {
  path: string;
  content: FileContent | RememberedPage | UnconvertedPage;
}

export function isRemembered(content: PageFile['content']): content is RememberedPage {
  return typeof content === 'object' && 'hash' in content;
}

// Who waits for the hash of a page converted elsewhere (a symbol: not posted to the writer's thread).
const HASH_WANTED = Symbol('hash wanted');

/** A page left unconverted whose hash, once it is converted and hashed elsewhere, is wanted here. */
type HashWanted = UnconvertedPage & { [HASH_WANTED]?: ((hash: string) => void)[] };

/** Asks for the hash of the bytes the page converts to, once the writer's thread has made it. */
export function whenHashed(page: UnconvertedPage, use: (hash: string) => void): void {
  ((page as HashWanted)[HASH_WANTED] ??= []).push(use);
}

/**
 * What to call with the page's hash once it is known, or null when nobody asked. It does not hold
 * on to the page, which can go once it is handed to the writer.
 */
export function hashWanted(page: UnconvertedPage): ((hash: string) => void) | null {
  const uses = (page as HashWanted)[HASH_WANTED];
  if (!uses) return null;
  return (hash) => {
    for (const use of uses) use(hash);
  };
}

/**
 * The bytes of a file, rendering a remembered page again or converting a page into its script
 * (and giving its hash to whoever asked for it).
 */
export function resolveFile(file: PageFile): OutputFile {
  if (isRemembered(file.content)) return { path: file.path, content: file.content.render() };
  if (!isUnconverted(file.content)) return file as OutputFile;
  const content = convertPage(file.content);
  hashWanted(file.content)?.(contentHash(content));
  return { path: file.path, content };
}

/** A batch of pages as the writer takes it (see `forWriter`). */
export interface WriterBatch {
  /** Remembered pages the output folder holds already: they stay as they are. */
  kept: string[];
  /** What is sent to be written: bytes, or a page the writer's thread converts into its script. */
  fresh: (OutputFile | (PageFile & { content: UnconvertedPage }))[];
  /** Who waits for the hash of each page the writer's thread converts (by path). */
  wanted: Map<string, (hash: string) => void>;
}

/**
 * Sorts a batch for the writer. A remembered page the output holds (`holds`) is neither rendered
 * nor written again. A page still to be converted goes as it is, for the writer's thread to
 * convert, unless `convertHere`: the build converts it on this thread when the writer has fallen
 * behind, rather than wait for it idle.
 */
export function forWriter(files: readonly PageFile[], holds: (path: string, hash: string) => boolean, convertHere: boolean): WriterBatch {
  const batch: WriterBatch = { kept: [], fresh: [], wanted: new Map() };
  for (const file of files) {
    const { content } = file;
    if (isRemembered(content) && holds(file.path, content.hash)) batch.kept.push(file.path);
    else if (isUnconverted(content) && !convertHere) {
      batch.fresh.push({ path: file.path, content });
      const use = hashWanted(content);
      if (use) batch.wanted.set(file.path, use);
    } else batch.fresh.push(resolveFile(file));
  }
  return batch;
}

export interface RenderOptions {
  /** Include chapters marked `draft: true`. */
  drafts?: boolean;
  /** false: no search index, and no search box or search page (default: true). */
  search?: boolean;
}

/** What every page generator is given. */
/** Renders a template into a page of one script (what page generators are given). */
export interface PageRenderer {
  render(name: string, data: object): string | RememberedPage | UnconvertedPage;
}

export interface SiteContext {
  site: SiteModel;
  /** Volumes as published: drafts left out unless asked for, empty volumes dropped. */
  volumes: VolumeModel[];
  renderer: PageRenderer;
  options: RenderOptions;
  /** The script being rendered; page paths are relative to its folder (script.prefix). */
  script: Script;
}

/**
 * What a volume's pages show alike in both scripts (HTML before conversion, relative links from
 * folders of the same depth), made once for both. The scripts take turns volume by volume when the
 * pages are converted by the writer's thread (renderBatches), so the values of the volume being
 * rendered are kept for the other script's pages, and dropped at the next volume. A value may
 * depend on its volume (null for a page of the whole site) and on the site's volumes, nothing
 * else. One per kind of value.
 */
export class SharedAcrossScripts<K, V> {
  // Per build (its list of volumes), so that nothing is kept once the build is over.
  private readonly builds = new WeakMap<VolumeModel[], { volume: VolumeModel | null; values: Map<K, V> }>();

  get(context: SiteContext, volume: VolumeModel | null, key: K, make: () => V): V {
    let current = this.builds.get(context.volumes);
    if (!current || current.volume !== volume) this.builds.set(context.volumes, (current = { volume, values: new Map() }));
    let value = current.values.get(key);
    if (value === undefined) current.values.set(key, (value = make()));
    return value;
  }
}

/** Makes one kind of page (or other output file) for the whole site, once for each script. */
export type PageGenerator = (context: SiteContext) => PageFile[];

/**
 * Makes one kind of page for one volume at a time, once for each script. The pages show nothing
 * of other volumes but what `dependsOn` returns (say, figures of other years), so a build with
 * the cache makes them again only when the volume, that, the site settings or the templates change.
 */
export interface VolumePageGenerator {
  name: string;
  /** An array, or one page after another (a generator function), handed on a few at a time (see PAGES_AT_ONCE). */
  pages(context: SiteContext, volume: VolumeModel): Iterable<PageFile>;
  /** What else the volume's pages show, as text that changes when it does. */
  dependsOn?(context: SiteContext, volume: VolumeModel): string;
}

/**
 * Makes one kind of page for the whole site, once for each script, from what `dependsOn` returns
 * (worked out from the volumes' digests, say): a build with the cache makes the pages again only
 * when that, the site settings or the templates change, and so reads no chapter of an unchanged volume.
 */
export interface SitePageGenerator {
  name: string;
  wholeSite: true;
  pages(context: SiteContext): PageFile[];
  dependsOn(context: SiteContext): string;
}

export type Generator = PageGenerator | VolumePageGenerator | SitePageGenerator;

/** Makes a file about the whole site (sitemap, feed) once, given the paths of every page made. */
export type SiteFileGenerator = (context: Omit<SiteContext, 'script'>, paths: string[]) => PageFile[];

/**
 * Remembers rendered pages between builds (pipeline/cache.ts, or the preview server's memory);
 * `render` makes the page when it must. It may answer with the page's hash instead of its bytes.
 */
export interface RenderMemo {
  render(name: string, data: object, render: () => string): string | RememberedPage;
  /**
   * A page in another script, which `render` gives in Simplified characters: the memo may leave a
   * page it must make unconverted, and remember it once its hash comes back (see whenHashed).
   */
  renderUnconverted?(name: string, data: object, lang: string, render: () => string): RememberedPage | UnconvertedPage;
  /**
   * The files a volume page generator made for this key before, remembered (an array); when
   * unknown, those `make` makes, handed on as it makes them and remembered once the last is made.
   */
  files?(key: string, make: () => Iterable<PageFile>): Iterable<PageFile>;
}

/**
 * Loads and parses every template once (templates/*.liquid; layout.liquid and files starting
 * with "_" are only included by others). A template error names its file, line and column.
 */
export class Renderer {
  private readonly engine: Liquid;
  private readonly templates = new Map<string, { file: string; template: Template[]; compiled: ((data: object) => string) | null }>();

  constructor(
    readonly templatesDir: string,
    private readonly memo: RenderMemo | null = null,
    /** false: every page through LiquidJS itself (liquid-compile.ts is checked against it). */
    compile = true,
  ) {
    this.engine = new Liquid({
      root: templatesDir,
      extname: '.liquid',
      outputEscape: 'escape',
      strictVariables: true,
      strictFilters: true,
      cache: true,
    });
    const problems: Diagnostic[] = [];
    const compiler = new TemplateCompiler(this.engine);
    let names: string[] = [];
    try {
      names = readdirSync(templatesDir).filter((n) => n.endsWith('.liquid') && n !== 'layout.liquid' && !n.startsWith('_'));
    } catch {
      problems.push({ file: displayPath(templatesDir), line: 1, column: 1, severity: 'error', message: `找不到模板目录 (templates folder not found: ${displayPath(templatesDir)})` });
    }
    for (const name of names.sort()) {
      const absolute = path.join(templatesDir, name);
      const file = displayPath(absolute);
      try {
        const template = this.engine.parse(readFileSync(absolute, 'utf8'), absolute);
        this.templates.set(name.slice(0, -'.liquid'.length), { file, template, compiled: compile ? compiler.compile(template) : null });
      } catch (error) {
        problems.push(templateDiagnostic(error, file));
      }
    }
    if (problems.length > 0) throw new BuildError(problems);
  }

  /**
   * A page in the given script: rendered, converted, and remembered (when there is a memo) as such.
   * Without a memo, or with one that can wait for the page's hash, a page in another script is left
   * to convert (resolveFile, or the writer's thread).
   */
  render(name: string, data: object, script: Script = SIMPLIFIED): string | RememberedPage | UnconvertedPage {
    if (!this.memo) return script === SIMPLIFIED ? this.renderNow(name, data) : { lang: script.lang, simplified: this.renderNow(name, data) };
    if (script !== SIMPLIFIED && this.memo.renderUnconverted) return this.memo.renderUnconverted(`${script.lang}:${name}`, data, script.lang, () => this.renderNow(name, data));
    return this.memo.render(`${script.lang}:${name}`, data, () => script.html(this.renderNow(name, data)));
  }

  /** Whether pages in another script are left to convert, rather than converted here. */
  get leavesUnconverted(): boolean {
    return !this.memo || this.memo.renderUnconverted !== undefined;
  }

  /** The renderer the page generators of one script use. */
  for(script: Script): PageRenderer {
    return { render: (name, data) => this.render(name, data, script) };
  }

  /**
   * The pages of one volume (or of a site page generator), remembered by `key` (what they are made
   * from) when there is a memo: all at once when it remembers them, else as `make` makes them.
   */
  volumePages(key: () => string, make: () => Iterable<PageFile>): Iterable<PageFile> {
    return this.memo?.files ? this.memo.files(key(), make) : make();
  }

  private renderNow(name: string, data: object): string {
    const entry = this.templates.get(name);
    if (!entry) {
      const file = displayPath(path.join(this.templatesDir, `${name}.liquid`));
      throw new BuildError([{ file, line: 1, column: 1, severity: 'error', message: `找不到模板文件 (template file not found: ${file})` }]);
    }
    if (entry.compiled) {
      try {
        return entry.compiled(data);
      } catch {
        // What the compiled template does not do as LiquidJS does (an error to report, say), LiquidJS does.
      }
    }
    try {
      return this.engine.renderSync(entry.template, data) as string;
    } catch (error) {
      throw new BuildError([templateDiagnostic(error, entry.file)]);
    }
  }
}

/** Volumes as published: drafts left out unless asked for, empty volumes dropped. */
export function publishedVolumes(site: SiteModel, options: RenderOptions = {}): VolumeModel[] {
  return site.volumes.map((v) => publishedVolume(v, options)).filter((v) => v !== null);
}

/** A volume as published (drafts left out unless asked for), or null when nothing of it is. */
export function publishedVolume(volume: VolumeModel, options: RenderOptions = {}): VolumeModel | null {
  const counts = chapterCounts(volume);
  // The volume itself when nothing is left out: its chapters need not even be read (cache.ts).
  if (options.drafts || counts.drafts === 0) return counts.all > 0 ? volume : null;
  const chapters = volume.chapters.filter((c) => !c.record.draft);
  // What was worked out from all of its chapters does not hold for the published ones.
  return chapters.length > 0 ? { ...volume, chapters, digests: new Map() } : null;
}

/**
 * Pages made one by one (a generator's `pages` as a generator function) are handed on this many at
 * a time. A volume's pages held until the last is made outlive the young generation's collections,
 * and V8 lets the old one grow about fourfold over what is alive before it collects them. Handed
 * on in small batches, they die young: this thread of a cold 4,000-chapter build promotes 200 MB
 * instead of 420 MB, and the build's peak is some 150 MiB lower (see docs/performance.md).
 */
export const PAGES_AT_ONCE = 32;

/**
 * A volume page generator whose pages show nothing of other volumes (it has no `dependsOn`): a
 * volume's pages of it can be made as soon as the volume is parsed (see VolumesMadeEarly).
 */
export function isVolumeLocal(generate: Generator): generate is VolumePageGenerator {
  return typeof generate !== 'function' && !('wholeSite' in generate) && generate.dependsOn === undefined;
}

/**
 * The pages of each volume that depend on nothing but the volume (isVolumeLocal), made while the
 * content is still being parsed: the writer's thread, idle until the first page, converts and
 * writes them meanwhile. renderBatches then makes the rest, and gives the site-wide files the
 * paths of these too. Nothing is put in place before the whole content is checked (write.ts).
 */
export class VolumesMadeEarly {
  /** The volumes as parsed (not as published), whose local pages are made. */
  private readonly made = new Set<VolumeModel>();
  /** What the pages made have shown of the site: the same must hold for the pages made after. */
  private siteKey: string | null = null;
  /** Paths of the pages made, by script. */
  readonly paths = new Map<Script, string[]>(SCRIPTS.map((script) => [script, []]));
  // The volumes as published so far: what these pages' contexts list (they show none of them).
  private readonly published: VolumeModel[] = [];

  constructor(
    private readonly renderer: Renderer,
    private readonly generators: Generator[],
    private readonly options: RenderOptions = {},
  ) {}

  /** The volume's local pages in each script, a batch at a time; nothing if none of it is published. */
  *volume(site: SiteModel, volume: VolumeModel): Iterable<PageFile[]> {
    const key = siteKeyOf(site, this.options);
    if (this.siteKey !== null && this.siteKey !== key) throw new Error('VolumesMadeEarly: the site changed between volumes');
    this.siteKey = key;
    this.made.add(volume);
    const published = publishedVolume(volume, this.options);
    if (!published) return;
    this.published.push(published);
    yield* runGenerators(site, () => [published], this.published, this.renderer, this.generators.filter(isVolumeLocal), this.options, key, this.paths);
  }

  /** Whether the volume's local pages were made (compared as parsed, before drafts are left out). */
  has(volume: VolumeModel, site: SiteModel): boolean {
    if (!this.made.has(volume)) return false;
    if (this.siteKey !== siteKeyOf(site, this.options)) throw new Error('VolumesMadeEarly: the site changed after its pages were made');
    return true;
  }
}

/** What every page depends on besides its own data: the site's settings and the build's options. */
function siteKeyOf(site: SiteModel, options: RenderOptions): string {
  return JSON.stringify([site.title, site.url, options.drafts ?? false, options.search ?? true]);
}

/**
 * Runs every page generator over the site in each script (the Traditional pages are the
 * Simplified ones converted, under their own folder), then the site-wide file generators; yields
 * the files of each generator as soon as they are made, so that they can be written meanwhile.
 * The site-wide files get every path, script by script. The local pages of the volumes in `early`
 * were made already, and are not made again.
 */
export function* renderBatches(
  site: SiteModel,
  renderer: Renderer,
  generators: Generator[],
  options: RenderOptions = {},
  siteGenerators: SiteFileGenerator[] = [],
  early: VolumesMadeEarly | null = null,
): Iterable<PageFile[]> {
  const volumes: VolumeModel[] = [];
  const remaining: VolumeModel[] = [];
  for (const volume of site.volumes) {
    const published = publishedVolume(volume, options);
    if (!published) continue;
    volumes.push(published);
    if (!early?.has(volume, site)) remaining.push(published);
  }
  const paths = new Map<Script, string[]>(SCRIPTS.map((script) => [script, [...(early?.paths.get(script) ?? [])]]));
  const volumesOf = (generate: VolumePageGenerator) => (isVolumeLocal(generate) ? remaining : volumes);
  yield* runGenerators(site, volumesOf, volumes, renderer, generators, options, siteKeyOf(site, options), paths);
  const all = SCRIPTS.flatMap((script) => paths.get(script)!);
  for (const generate of siteGenerators) yield generate({ site, volumes, renderer: renderer.for(SIMPLIFIED), options }, all);
}

/**
 * The generators in each script, a volume generator over the volumes `volumesOf` gives it (of the
 * published `all`, which the pages' contexts list), adding each file's path to its script's list.
 */
function* runGenerators(
  site: SiteModel,
  volumesOf: (generate: VolumePageGenerator) => VolumeModel[],
  all: VolumeModel[],
  renderer: Renderer,
  generators: Generator[],
  options: RenderOptions,
  siteKey: string,
  paths: Map<Script, string[]>,
): Iterable<PageFile[]> {
  // A volume's pages at a time (handed on in batches, see batchesOf), made only as the ones before
  // are taken (and handed to the writer).
  const batches = function* (generate: Generator, context: SiteContext): Iterable<Iterable<PageFile>> {
    const { script } = context;
    if (typeof generate === 'function') {
      yield generate(context);
      return;
    }
    if ('wholeSite' in generate) {
      yield renderer.volumePages(
        () => [generate.name, script.lang, siteKey, generate.dependsOn(context)].join('\0'),
        () => generate.pages(context),
      );
      return;
    }
    for (const volume of volumesOf(generate)) {
      yield renderer.volumePages(
        // Worked out only when there is a cache to look in.
        () => [generate.name, script.lang, siteKey, volume.key, generate.dependsOn?.(context, volume) ?? ''].join('\0'),
        () => generate.pages(context, volume),
      );
    }
  };
  const scripts = SCRIPTS.map((script) => ({ script, paths: paths.get(script)!, context: { site, volumes: all, renderer: renderer.for(script), options, script } satisfies SiteContext }));
  // Pages left unconverted are converted once handed on (by the writer's thread, in a build without
  // the cache or the first one with it): the scripts then take turns, volume by volume, which spreads
  // that work over the whole rendering instead of piling it up at its end. Otherwise (pages
  // converted here) one script after the other: taking turns there gave a warm rebuild a 20 MB
  // higher peak and nothing else.
  const turns = renderer.leavesUnconverted ? [scripts] : scripts.map((s) => [s]);
  for (const taking of turns) {
    for (const generate of generators) {
      const each = taking.map((s) => ({ ...s, batches: batches(generate, s.context)[Symbol.iterator]() }));
      for (let made = true; made; ) {
        made = false;
        for (const { script, paths, batches: next } of each) {
          const step = next.next();
          if (step.done) continue;
          made = true;
          for (const batch of batchesOf(step.value)) {
            const files = batch.map((file) => ({ path: `${script.prefix}${file.path}`, content: file.content }));
            for (const f of files) paths.push(f.path);
            yield files;
          }
        }
      }
    }
  }
}

/** Pages already made (an array) as they are; pages made one by one, PAGES_AT_ONCE at a time. */
function* batchesOf(pages: Iterable<PageFile>): Iterable<PageFile[]> {
  if (Array.isArray(pages)) {
    yield pages;
    return;
  }
  let batch: PageFile[] = [];
  for (const page of pages) {
    batch.push(page);
    if (batch.length === PAGES_AT_ONCE) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** All files of renderBatches at once, every page rendered. */
export function renderSite(
  site: SiteModel,
  renderer: Renderer,
  generators: Generator[],
  options: RenderOptions = {},
  siteGenerators: SiteFileGenerator[] = [],
): OutputFile[] {
  return [...renderBatches(site, renderer, generators, options, siteGenerators)].flat().map(resolveFile);
}

function templateDiagnostic(error: unknown, fallbackFile: string): Diagnostic {
  const e = error as { message?: string; token?: { file?: string; getPosition?: () => [number, number] } };
  const [line, column] = e.token?.getPosition?.() ?? [1, 1];
  const file = e.token?.file ? displayPath(e.token.file) : fallbackFile;
  const message = String(e.message ?? error).replace(/, (file:[^,]*, )?line:\d+, col:\d+$/, '');
  return { file, line, column, severity: 'error', message: `模板错误 (template error: ${message})` };
}
