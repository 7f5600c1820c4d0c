// The site as the dev server holds it: built in memory, rebuilt after each change by redoing only
// what the change touched. Chapters whose text did not change are not parsed again, and pages
// whose data did not change are not rendered again.
import { createHash } from 'node:crypto';
import { checkAndLint, renderPages } from '../build.ts';
import { BuildError, Diagnostics, type Diagnostic } from '../diagnostics.ts';
import { displayPath } from '../pipeline/load.ts';
import { parseChapter, type ChapterModel, type ChapterParser, type SiteModel } from '../pipeline/model.ts';
import { publishedVolumes, Renderer, resolveFile, type OutputFile, type RenderMemo } from '../pipeline/render.ts';
import { startSearchIndex } from '../pages/search.ts';
import { MemoryBundleStore } from '../pipeline/search-cache.ts';

/** Parses chapters, reusing the result (and its diagnostics) while the file and its volume are unchanged. */
export class ChapterCache {
  private entries = new Map<string, { key: string; model: ChapterModel | null; diagnostics: Diagnostic[] }>();
  private seen = new Set<string>();
  /** Chapters parsed in the current pass (cache misses). */
  parsed = 0;

  startPass(): void {
    this.parsed = 0;
    this.seen.clear();
  }

  /** Forgets chapters that are gone (deleted or renamed files). */
  endPass(): void {
    for (const file of this.entries.keys()) if (!this.seen.has(file)) this.entries.delete(file);
  }

  readonly parse: ChapterParser = (source, volume, diagnostics) => {
    const key = JSON.stringify([source.path, source.text, volume.config, volume.file]);
    let entry = this.entries.get(source.absolute);
    if (entry?.key !== key) {
      const own = new Diagnostics();
      entry = { key, model: parseChapter(source, volume, own), diagnostics: own.items };
      this.entries.set(source.absolute, entry);
      this.parsed++;
    }
    this.seen.add(source.absolute);
    diagnostics.items.push(...entry.diagnostics);
    return entry.model;
  };
}

/** Remembers rendered pages in memory: a page is rendered only when its template or its data differ from the last pass. */
export class PageMemo implements RenderMemo {
  private previous = new Map<string, string>();
  private current = new Map<string, string>();
  /** Pages rendered in the current pass (not remembered). */
  rendered = 0;

  /** Starts a pass; pages not asked for in it are forgotten at the next one. */
  startPass(): void {
    if (this.current.size > 0) this.previous = this.current;
    this.current = new Map();
    this.rendered = 0;
  }

  /** Forgets every page (the templates changed). */
  clear(): void {
    this.previous = new Map();
    this.current = new Map();
  }

  render(name: string, data: object, render: () => string): string {
    const key = createHash('sha1').update(name).update('\0').update(JSON.stringify(data)).digest('base64');
    let html = this.current.get(key) ?? this.previous.get(key);
    if (html === undefined) {
      html = render();
      this.rendered++;
    }
    this.current.set(key, html);
    return html;
  }
}

/** The preview shows drafts. */
const DRAFTS = { drafts: true };

export interface BuildState {
  /** Changes whenever what the server shows changes; open pages reload when it does. */
  version: string;
  /** The files of the site, by path (e.g. "2020/index.html"), from the last build without errors. */
  files: Map<string, OutputFile['content']>;
  /** Errors of the latest build: while there are any, pages show them instead of the site. */
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

export interface RebuildReport {
  state: BuildState;
  changed: boolean;
  chaptersParsed: number;
  pagesRendered: number;
  pages: number;
  milliseconds: number;
}

export class DevSite {
  private readonly chapters = new ChapterCache();
  private readonly pages = new PageMemo();
  private renderer: Renderer | null = null;
  private builds = 0;
  /** Random per server run, so that a page from an earlier run reloads too. */
  private readonly run = createHash('sha1').update(`${process.pid}:${performance.timeOrigin}`).digest('hex').slice(0, 8);
  private fingerprint = '';
  state: BuildState = { version: '', files: new Map(), errors: [], warnings: [] };
  /** The model of the last build without errors, and its search index once asked for. */
  private site: SiteModel | null = null;
  private search: Promise<Map<string, OutputFile['content']>> | null = null;
  private searchQueue: Promise<unknown> = Promise.resolve();
  /** Each volume's search bundle, so that after an edit only that volume is indexed again. */
  readonly bundles = new MemoryBundleStore();
  /** The editions whose search bundle the last search index made afresh. */
  lastIndexed: (number | null)[] = [];

  constructor(
    readonly contentDir: string,
    readonly templatesDir: string,
  ) {}

  /**
   * The search index (pagefind/…) of the last build without errors. It takes longer to make than
   * the pages, so it is made when a page first asks for it rather than after every save, and
   * one at a time (Pagefind runs one indexing service).
   */
  searchFiles(): Promise<Map<string, OutputFile['content']>> {
    if (!this.search) {
      const volumes = this.site ? publishedVolumes(this.site, DRAFTS) : [];
      const next = this.searchQueue.then(async () => {
        const indexing = await startSearchIndex(volumes, { store: this.bundles });
        const files = (await indexing.files).map(resolveFile);
        this.lastIndexed = indexing.indexed;
        return new Map(files.map((f) => [f.path, f.content]));
      });
      this.searchQueue = next.catch(() => undefined);
      this.search = next;
    }
    return this.search;
  }

  /** Rebuilds after a change; `templatesChanged` makes the templates load again. */
  async rebuild(templatesChanged: boolean): Promise<RebuildReport> {
    const start = performance.now();
    if (templatesChanged) {
      this.renderer = null;
      this.pages.clear();
    }
    this.chapters.startPass();
    let diagnostics = new Diagnostics();
    let files: OutputFile[] | null = null;
    try {
      const checked = await checkAndLint(this.contentDir, this.chapters.parse);
      diagnostics = checked.diagnostics;
      this.chapters.endPass();
      if (!diagnostics.hasErrors) {
        this.renderer ??= new Renderer(this.templatesDir, this.pages);
        this.pages.startPass();
        // The same pages as `yearbook build --drafts`: drafts are shown, marked 草稿 by the templates.
        files = await renderPages(checked.site, this.renderer, DRAFTS);
        this.site = checked.site;
        this.search = null;
      }
    } catch (error) {
      // Broken templates, or a file that vanished mid-read: shown like any content error.
      if (error instanceof BuildError) diagnostics.items.push(...error.diagnostics);
      else diagnostics.error(displayPath(this.contentDir), undefined, `预览出错 (preview failed: ${error instanceof Error ? error.message : String(error)})`);
    }
    const errors = diagnostics.sorted().filter((d) => d.severity === 'error');
    const warnings = diagnostics.sorted().filter((d) => d.severity === 'warning');
    const served = files ? new Map(files.map((f) => [f.path, f.content])) : this.state.files;
    const fingerprint = fingerprintOf(served, errors);
    const changed = fingerprint !== this.fingerprint;
    if (changed) {
      this.fingerprint = fingerprint;
      this.builds++;
    }
    this.state = { version: `${this.run}-${this.builds}`, files: served, errors, warnings };
    return {
      state: this.state,
      changed,
      chaptersParsed: this.chapters.parsed,
      pagesRendered: files ? this.pages.rendered : 0,
      pages: files ? files.filter((f) => f.path.endsWith('.html')).length : 0,
      milliseconds: performance.now() - start,
    };
  }
}

function fingerprintOf(files: Map<string, OutputFile['content']>, errors: Diagnostic[]): string {
  const hash = createHash('sha1');
  for (const [file, content] of files) hash.update(file).update('\0').update(content).update('\0');
  for (const e of errors) hash.update(JSON.stringify(e));
  return hash.digest('hex');
}
