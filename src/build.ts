// The pipeline, stage by stage: load → parse/model → render → write.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { BuildError, Diagnostics } from './diagnostics.ts';
import { loadContent, type SourceIndex } from './pipeline/load.ts';
import { ReadAhead } from './pipeline/read-ahead.ts';
import { BuildCache } from './pipeline/cache.ts';
import { lintSite } from './pipeline/lint.ts';
import { buildSiteModel, buildSiteModelYielding, chapterCounts, parseChapter, type ChapterParser, type SiteModel, type VolumeListener, type VolumeStore } from './pipeline/model.ts';
import { forWriter, publishedVolumes, renderBatches, renderSite, Renderer, VolumesMadeEarly, type OutputFile, type PageFile, type RenderOptions } from './pipeline/render.ts';
import { pageGenerators, siteFileGenerators } from './pages/index.ts';
import { closeSearchIndex, EarlySearchIndex, prepareSearchIndex, startSearchIndex, type SearchIndexing } from './pages/search.ts';
import { loadManifest } from './pipeline/manifest.ts';
import { stepBack } from './pipeline/priority.ts';
import { handOn, OutputWriter, WriteBacklog } from './pipeline/write.ts';
import { TOOL_ROOT } from './tool-root.ts';

export interface BuildOptions {
  contentDir: string;
  outDir: string;
  templatesDir: string;
  drafts?: boolean;
  /** false: build without the search index (and without search box and page). */
  search?: boolean;
  /** Folder of the build cache (pipeline/cache.ts); null builds without it. */
  cacheDir?: string | null;
  /**
   * Lets Pagefind's process go first while the pages are made (pipeline/priority.ts): for a build
   * that ends its process (the CLI), as this thread cannot take its priority back.
   */
  searchFirst?: boolean;
  /**
   * Whether each volume's own pages are made as soon as it is parsed (VolumesMadeEarly in
   * pipeline/render.ts), rather than once the whole content is. By default only in a build without
   * the search index: with it, Pagefind indexes each volume as it is parsed, on the core the
   * writer's thread would take (alternating cold builds of 4,000 chapters were slower by 0.2–0.6 s).
   */
  earlyPages?: boolean;
  /** Told when each stage ends, with what it did and how long it took (in ms). */
  progress?: (stage: string, ms: number) => void;
}

export interface BuildResult {
  diagnostics: Diagnostics;
  site: SiteModel | null;
  /** Files of the site. */
  files: number;
  /** Files whose bytes were written; the others the output folder held already. */
  written: number;
  /** Chapters published (drafts left out unless asked for). */
  chapters: number;
  volumes: number;
}

/** Files the writer may have queued before rendering waits for it: a few hundred pages are a few MB. */
const QUEUED_FILES = 800;

/** The project's own templates, used when the content has no templates/ of its own. */
export const DEFAULT_TEMPLATES = path.join(TOOL_ROOT, 'templates');

/** Loads and checks all content. Nothing is written. */
export async function checkContent(
  contentDir: string,
  parse: ChapterParser | VolumeStore = parseChapter,
  index: SourceIndex | null = null,
  onVolume?: VolumeListener,
  ahead: ReadAhead | null = null,
): Promise<{ diagnostics: Diagnostics; site: SiteModel }> {
  const diagnostics = new Diagnostics();
  const source = await loadContent(contentDir, diagnostics, index, ahead);
  // Parsed volume by volume as each is read; in one go, once all of them are.
  if (!onVolume) await Promise.all(source.volumes.map((volume) => volume.ready));
  const site = onVolume ? await buildSiteModelYielding(source, diagnostics, parse, onVolume) : buildSiteModel(source, diagnostics, parse);
  return { diagnostics, site };
}

/** checkContent, then the editor's warnings (lint): what `check`, `build` and `dev` report. */
export async function checkAndLint(
  contentDir: string,
  parse: ChapterParser | VolumeStore = parseChapter,
  index: SourceIndex | null = null,
  /** Told of each volume as soon as it is parsed, while no error has been found. */
  onVolume?: VolumeListener,
  /** The chapters read by another thread (read-ahead.ts), for a build without the cache. */
  ahead: ReadAhead | null = null,
): Promise<{ diagnostics: Diagnostics; site: SiteModel }> {
  const checked = await checkContent(contentDir, parse, index, onVolume, ahead);
  lintSite(checked.site, checked.diagnostics);
  return checked;
}

/** templates/assets/, copied as they are into assets/. */
async function copyAssets(templatesDir: string): Promise<OutputFile[]> {
  const dir = path.join(templatesDir, 'assets');
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  } catch {
    return [];
  }
  return Promise.all(names.map(async (name) => ({ path: `assets/${name}`, content: await readFile(path.join(dir, name)) })));
}

/** The files of the site but its search index: pages in both scripts, site-wide files, assets. */
export async function renderPages(site: SiteModel, renderer: Renderer, options: RenderOptions): Promise<OutputFile[]> {
  return [...renderSite(site, renderer, pageGenerators, options, siteFileGenerators), ...(await copyAssets(renderer.templatesDir))];
}

/** Builds the site; writes the output only when there is no error. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  try {
    return await buildSite(options);
  } finally {
    // Pagefind's service, started ahead of time, if the build ended before using it.
    await closeSearchIndex();
  }
}

async function buildSite(options: BuildOptions): Promise<BuildResult> {
  let mark = performance.now();
  const stage = (what: string) => {
    const now = performance.now();
    options.progress?.(what, now - mark);
    mark = now;
  };
  // Without the cache every chapter is read: by a thread of its own, from now on, and each volume
  // is parsed as soon as it is read (pipeline/read-ahead.ts), where there are enough to pay for it.
  const ahead = options.cacheDir || !ReadAhead.pays(options.contentDir) ? null : ReadAhead.start(options.contentDir);
  if (options.search !== false) prepareSearchIndex();
  // The writer's thread starts now too and loads while the content is read. It converts the
  // Traditional pages made anew (see `write` below); without the cache that is most of them, so it
  // makes OpenCC's tables meanwhile.
  // With the cache, it reads what the last build wrote there (the manifest) meanwhile too.
  const manifestFile = options.cacheDir ? BuildCache.manifestFile(options.cacheDir, options.outDir) : null;
  const writer = OutputWriter.start(options.outDir, { hashes: Boolean(options.cacheDir), convert: !options.cacheDir, manifest: manifestFile });
  let early: EarlySearchIndex | null = null;
  let indexing: SearchIndexing | null = null;
  try {
    const cache = options.cacheDir ? await BuildCache.open(options.cacheDir, options.templatesDir) : null;
    // This thread reads it too, while the content is read: which remembered pages the output holds.
    const manifest = manifestFile ? loadManifest(manifestFile, options.outDir) : null;
    // Pagefind starts on each volume as soon as it is parsed, on the core that parsing leaves idle.
    const started = options.search === false ? null : await EarlySearchIndex.open({ cacheDir: options.cacheDir, drafts: options.drafts });
    early = started;
    const renderOptions = { drafts: options.drafts, search: options.search };
    // The templates are read first, so that each volume's own pages can be made as soon as it is
    // parsed; when they have errors, those are reported after the content's.
    let renderer: Renderer | null = null;
    const renderProblems: BuildError[] = [];
    try {
      renderer = new Renderer(options.templatesDir, cache);
    } catch (error) {
      if (!(error instanceof BuildError)) throw error;
      renderProblems.push(error);
    }
    let count = 0;
    const backlog = new WriteBacklog(QUEUED_FILES);
    const write = (files: PageFile[]) => {
      count += files.length;
      // A page still to be converted into its script goes as it is: the writer's thread converts it
      // (and gives back its hash for the build cache), unless it has fallen behind. Then this
      // thread, which would wait for it idle, converts the page itself.
      const { kept, fresh, wanted } = forWriter(files, (file, hash) => writer.holds(file, hash), backlog.behind);
      const added = writer.add(fresh).then((converted) => {
        for (const [file, use] of wanted) if (converted[file] !== undefined) use(converted[file]);
      });
      const done = Promise.all([kept.length > 0 ? writer.keep(kept) : null, added]).then(() => undefined);
      // Only what is sent to be written waits in the writer's queue (a remembered file is a path).
      backlog.add(done, fresh.length);
    };
    let claimed: Promise<unknown> | null = null;
    const claim = () => (claimed ??= Promise.resolve(manifest).then((last) => writer.claim(last ?? null)));
    // Each volume's own pages (chapters, volume page, glossary, index) while the next is parsed:
    // the writer's thread converts and writes them meanwhile. Nothing is put in place unless the
    // whole content checks (the writer stages it).
    let madeEarly = renderer && (options.earlyPages ?? options.search === false) ? new VolumesMadeEarly(renderer, pageGenerators, renderOptions) : null;
    let rendered = 0;
    const onVolume: VolumeListener | undefined =
      started || madeEarly
        ? (volume, site) => {
            started?.add(volume);
            const making = madeEarly;
            if (!making) return;
            return claim()
              .then(() => handOn(making.volume(site, volume), write, backlog))
              .then(
                (files) => {
                  rendered += files;
                },
                (error: unknown) => {
                  // A template's error: reported with the content's, once it is all checked.
                  if (!(error instanceof BuildError)) throw error;
                  renderProblems.push(error);
                  madeEarly = null;
                },
              );
          }
        : undefined;
    const { diagnostics, site } = await checkAndLint(options.contentDir, cache ?? undefined, cache, onVolume, ahead);
    const read = site.volumes.reduce((n, v) => n + chapterCounts(v).all, 0);
    stage(`read and checked ${read} chapter${read === 1 ? '' : 's'}${rendered > 0 ? `, and made ${rendered} files of their volumes meanwhile` : ''}`);
    if (diagnostics.hasErrors || !renderer || renderProblems.length > 0) {
      if (!diagnostics.hasErrors) throw renderProblems[0]!;
      for (const problem of renderProblems) diagnostics.items.push(...problem.diagnostics);
      // Nothing will be written: what Pagefind started on goes, rather than keep the editor waiting.
      await Promise.all([early?.drop(), writer.abort()]);
      return { diagnostics, site: null, files: 0, written: 0, chapters: 0, volumes: 0 };
    }
    await claim();
    // Three things at once: Pagefind builds the index in its own process, this thread renders the
    // pages, and the writer's thread writes each batch of pages as soon as it is made.
    if (options.search !== false) indexing = await startSearchIndex(publishedVolumes(site, renderOptions), { cacheDir: options.cacheDir, holds: (file, hash) => writer.holds(file, hash), early });
    // Were a bundle started early not taken by the index, it would hold Pagefind's service open.
    await early?.drop();
    if (indexing && options.searchFirst) stepBack();
    // Each volume's search bundle goes to the writer as soon as Pagefind has made it, between batches of pages.
    const searchWritten = (indexing?.parts ?? []).map((part) => part.then(write));
    for (const written of searchWritten) written.catch(() => undefined);
    rendered += await handOn(renderBatches(site, renderer, pageGenerators, renderOptions, siteFileGenerators, madeEarly), write, backlog);
    const assets = await copyAssets(options.templatesDir);
    rendered += assets.length;
    write(assets);
    const reindexed = indexing ? ` (indexes of ${indexing.indexed.length} volume${indexing.indexed.length === 1 ? '' : 's'} made, ${indexing.cached.length} from the cache)` : '';
    stage(`rendered ${rendered} files${options.search === false ? '' : `, the search index alongside${reindexed}`}`);
    await Promise.all(searchWritten);
    // Settles once the build cache holds the new bundles.
    await indexing?.files;
    // The cache remembers the pages converted by the writer's thread once their hashes are back.
    const allWritten = backlog.all();
    await Promise.all([allWritten, cache?.save(site, allWritten)]);
    // The writer's thread saves the new manifest.
    const report = await writer.commit();
    const written = report.written;
    stage(`${options.search === false ? '' : 'finished the search index and '}wrote ${written} of ${count} files${report.removed > 0 ? `, removed ${report.removed}` : ''}`);
    const published = site.volumes.map((v) => chapterCounts(v).all - (options.drafts ? 0 : chapterCounts(v).drafts));
    return {
      diagnostics,
      site,
      files: count,
      written,
      chapters: published.reduce((a, b) => a + b, 0),
      volumes: published.filter((n) => n > 0).length,
    };
  } catch (error) {
    // Neither what is written nor what Pagefind is still making will be used.
    await Promise.all([writer.abort(), indexing?.drop(), early?.drop(), ahead?.close()]);
    throw error;
  }
}
