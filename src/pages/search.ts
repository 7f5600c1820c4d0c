// Full-text search (Pagefind). Each entry (条目) is one search record, in Simplified characters
// only: the Traditional pages search the same index, converting the reader's query to Simplified
// and what they show back to Traditional in the browser (site.js, with OpenCC's own converters,
// which go into the bundle). A result is an entry: it links to the entry's anchor and shows the
// entry title and its chapter. The records are added from the model, not read back from the pages.
//
// Each volume (卷) has a bundle of its own, so that a build re-indexes only the volumes whose records
// changed (the others come from the build cache), and the changed ones are indexed side by side.
// The newest volume's bundle is the main one, at pagefind/ with Pagefind's script, worker and
// WebAssembly (which Pagefind loads from its main bundle's folder); every older volume's index is
// at pagefind/<edition>/, listed in pagefind/bundles.json, and merged in the browser (mergeIndex).
// The search page shows full results; every page has the search box (layout).
//
// The index is given each record's text split into words (search-text.ts), as text of no language:
// Pagefind then indexes it without splitting Chinese itself, which was most of its time. The
// records, and the bundles' cache keys, hold the text as it is.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { close, createIndex, type CustomRecord } from 'pagefind';
import type { Entry } from '../schema.ts';
import { digest, type VolumeModel } from '../pipeline/model.ts';
import { isRemembered, publishedVolume, type OutputFile, type PageFile, type PageGenerator, type RenderOptions } from '../pipeline/render.ts';
import { workerScript } from '../pipeline/worker-script.ts';
import { INDEX_LANGUAGE, INDEX_TEXT_FORMAT, indexText } from './search-text.ts';
import type { WordsReply, WordsRequest } from './search-text-worker.ts';
import { SearchBundleCache, type BundleFile, type BundleStore, type StoredFile } from '../pipeline/search-cache.ts';
import { SIMPLIFIED } from '../pipeline/traditional.ts';
import { chapterPath, pageData, SEARCH_PATH, subjectIndexPath, volumeLabel } from './urls.ts';

export const SEARCH_FOLDER = 'pagefind/';

/**
 * The language the bundles are searched in (pagefind/bundles.json, and the page's own): Pagefind's
 * script then splits the reader's query into words with Intl.Segmenter. Every bundle holds one
 * index, of INDEX_LANGUAGE, which Pagefind takes whatever language it is asked for.
 */
export const SEARCH_LANGUAGE = SIMPLIFIED.searchLanguage;

/** Parts of a bundle that are the same in every bundle: the main bundle's are the only ones served. */
const SHARED_FILE = /^(pagefind\.js|pagefind-worker\.js|wasm\.[\w-]+\.pagefind)$/;
/** Parts of a bundle that hold its own index (not Pagefind's ready-made UIs or playground). */
const INDEX_FILE = /^(pagefind-entry\.json|pagefind\.[\w-]+\.pf_meta|index\/.+|fragment\/.+)$/;

/** OpenCC's browser builds, the same files the build converts the Traditional pages with. */
const CONVERTERS = ['opencc-js/t2cn', 'opencc-js/cn2t'] as const;
export const CONVERTER_FOLDER = 'opencc/';

export const searchPage: PageGenerator = (context) => {
  if (context.options.search === false) return [];
  const page = pageData(context, SEARCH_PATH, '搜索', [
    { label: '首页', href: '../' },
    { label: '搜索', href: null },
  ]);
  return [{ path: `${SEARCH_PATH}index.html`, content: context.renderer.render('search', { page, title: '搜索', subjectIndex: `${page.root}${subjectIndexPath()}` }) }];
};

/** The text of an entry as one search record: title, paragraphs, sub-entries, sidebar items. */
export function entryText(entry: Entry): string {
  return [
    entry.title,
    ...entry.paragraphs,
    ...entry.subentries.map((s) => `${s.title} ${s.text}`),
    ...entry.sidebars.flatMap((b) => [b.title, ...b.items.map((i) => `“${i.term}”：${i.definition}`), ...b.paragraphs]),
  ].join('\n');
}

export interface SearchRecord extends CustomRecord {
  meta: { title: string; chapter: string };
}

/** One record per entry of a volume, in reading order, in Simplified characters. */
export function volumeRecords(volume: VolumeModel): SearchRecord[] {
  const label = volumeLabel(volume.yearbook, volume.edition);
  return volume.chapters.flatMap((chapter) =>
    chapter.record.entries.map((entry) => ({
      // Relative to the site root: the script in the browser gives Pagefind the root (and hant/ on
      // Traditional pages) as its baseUrl.
      url: `${chapterPath(volume.edition, chapter.record.slug)}#${entry.id}`,
      content: entryText(entry),
      language: SEARCH_LANGUAGE,
      meta: { title: entry.title, chapter: `${chapter.record.title} · ${label}` },
    })),
  );
}

let version: Promise<string> | null = null;

/** The installed Pagefind's version: its index format and its script in the browser go with it. */
export function pagefindVersion(): Promise<string> {
  version ??= readFile(new URL('../package.json', import.meta.resolve('pagefind')), 'utf8').then((text) => (JSON.parse(text) as { version: string }).version);
  return version;
}

/** The cache key of a volume's bundle: exactly what was indexed for it, in order, and Pagefind's version. */
export function bundleKey(records: readonly SearchRecord[], pagefind: string): string {
  const h = createHash('sha256').update(`pagefind ${pagefind}\0${INDEX_TEXT_FORMAT}\0`);
  for (const record of records) h.update(JSON.stringify(record)).update('\0');
  return h.digest('base64url');
}

/** The key of a volume's bundle, kept with the volume (an unchanged one has it without its records being made). */
function volumeKey(volume: VolumeModel, pagefind: string): string {
  return digest(volume, `search-key ${pagefind}`, (v) => bundleKey(volumeRecords(v), pagefind));
}

/** A volume's part of the search: where its bundle goes and what is indexed for it. */
interface Part {
  edition: number | null;
  /** Folder of the bundle inside pagefind/: '' for the main (newest) bundle. */
  folder: string;
  /** Made only when the part must be indexed: the key comes with an unchanged volume (digest). */
  records: () => SearchRecord[];
  key: string;
}

/** The volumes' parts, newest first. A site without volumes still has a main bundle, empty. */
export async function searchParts(volumes: readonly VolumeModel[]): Promise<Part[]> {
  const pagefind = await pagefindVersion();
  const newestFirst = [...volumes].sort((a, b) => b.edition - a.edition);
  const parts: Part[] = newestFirst.map((volume, i) => ({
    edition: volume.edition,
    folder: i === 0 ? '' : `${volume.edition}/`,
    records: () => volumeRecords(volume),
    key: volumeKey(volume, pagefind),
  }));
  if (parts.length === 0) parts.push({ edition: null, folder: '', records: () => [], key: bundleKey([], pagefind) });
  return parts;
}

export interface SearchIndexing {
  /**
   * The files under pagefind/, sorted by path; those from the cache are read only if needed. It
   * settles once the build cache holds the new bundles.
   */
  files: Promise<PageFile[]>;
  /** The same files in pieces, each as soon as it is ready: a volume's bundle, or the files all bundles share. */
  parts: Promise<PageFile[]>[];
  /** Editions whose bundle is indexed in this build, newest first. */
  indexed: (number | null)[];
  /** Editions whose bundle comes from the build cache, newest first. */
  cached: (number | null)[];
  /** For a build that failed: the bundles not built yet are dropped (see EarlySearchIndex.drop). */
  drop(): Promise<void>;
}

// Pagefind's service is one process for the whole of this one. An index in it is in use from its
// creation until its bundle is built (or it is dropped), and the service is closed when none is:
// a build that failed while its indexes were still building must not close the service under the
// next build's (the tests and the preview server run several builds in one process).
let inUse = 0;
let prepared: ReturnType<typeof createIndex> | null = null;

function createInUse(): ReturnType<typeof createIndex> {
  inUse++;
  return createIndex({});
}

async function release(): Promise<void> {
  inUse--;
  if (inUse !== 0) return;
  // Nothing waits for words either: a dropped index's records are not split to the end.
  stopSplitter();
  await close();
}

/**
 * Starts Pagefind's service and an index in it ahead of time: a build calls this first thing, so
 * that starting Pagefind's program (about a tenth of a second) happens while the content is read.
 */
export function prepareSearchIndex(): void {
  prepared ??= createInUse();
  // Awaited by startIndexes; when no volume needs indexing it is dropped unused.
  prepared.catch(() => undefined);
}

/** Drops the prepared index when the build ends without using it (say, on an error in the content). */
export async function closeSearchIndex(): Promise<void> {
  if (!prepared) return;
  prepared = null;
  await release();
}

/** A new index in Pagefind's service: the prepared one first. */
function newIndex(): ReturnType<typeof createIndex> {
  const index = prepared ?? createInUse();
  prepared = null;
  return index;
}

/**
 * Volumes handed to Pagefind as soon as they are parsed (build.ts gives checkAndLint `add`), while
 * the next ones are: Pagefind's program works on about one core, and parsing leaves the other one
 * idle, so by the time the pages are made most of the index is too. startSearchIndex takes from
 * here each bundle it needs whose records were started with the same key; the build drops the rest.
 */
export class EarlySearchIndex {
  private readonly started = new Map<string, { bundle: Promise<BundleFile[]>; lease: Lease }>();

  private constructor(
    private readonly pagefind: string,
    private readonly cache: BundleStore | null,
    private readonly options: RenderOptions,
  ) {}

  static async open(options: { cacheDir?: string | null; drafts?: boolean }): Promise<EarlySearchIndex> {
    return new EarlySearchIndex(await pagefindVersion(), SearchBundleCache.open(options.cacheDir), { drafts: options.drafts });
  }

  /** Starts indexing a volume as it will be published, unless its bundle is in the cache. */
  add(volume: VolumeModel): void {
    const published = publishedVolume(volume, this.options);
    if (!published) return;
    const key = volumeKey(published, this.pagefind);
    if (this.started.has(key) || this.cache?.read(key)) return;
    const lease = new Lease();
    const bundle = startIndexes([{ records: volumeRecords(published), edition: published.edition }], this.cache, [lease]).then((bundles) => bundles[0]!);
    bundle.catch(() => undefined); // taken and awaited by startSearchIndex, or dropped
    this.started.set(key, { bundle, lease });
  }

  /**
   * Drops every bundle not taken: Pagefind's service is closed once nothing else holds it, so that
   * a build that found errors in the content ends at once instead of when the indexes are built.
   */
  async drop(): Promise<void> {
    const leases = [...this.started.values()].map((started) => started.lease);
    this.started.clear();
    for (const lease of leases) await lease.end();
  }

  /** Bundles started and not yet taken. */
  get pending(): number {
    return this.started.size;
  }

  /** The bundle started for this key, if any, with its hold on the service (each is taken once). */
  take(key: string): { bundle: Promise<BundleFile[]>; lease: Lease } | undefined {
    const started = this.started.get(key);
    this.started.delete(key);
    return started;
  }
}

/**
 * Starts the search index: each volume whose bundle is not in the cache is handed to Pagefind, one
 * index per volume in one Pagefind service, which then builds them in its own process. The returned
 * promise gives the files (under pagefind/); meanwhile this process is free to render pages, so the
 * two use both cores.
 */
export async function startSearchIndex(
  volumes: readonly VolumeModel[],
  options: {
    /** The build cache's folder: bundles are kept in its search/ folder. */
    cacheDir?: string | null;
    /** Or where else the bundles are kept (the preview server keeps them in memory). */
    store?: BundleStore;
    /** Whether the output folder holds this file with these bytes (by hash) already. */
    holds?: (path: string, hash: string) => boolean;
    /** Bundles started while the content was read. */
    early?: EarlySearchIndex | null;
  } = {},
): Promise<SearchIndexing> {
  const cache = options.store ?? SearchBundleCache.open(options.cacheDir);
  const parts = await searchParts(volumes);
  // A stored bundle whose files the output holds is taken by its list of files alone; one that
  // must be written is read whole and checked now, so that a damaged one is indexed again.
  const stored = parts.map((part, i): (BundleFile | StoredFile)[] | null => {
    const listed = cache?.read(part.key) ?? null;
    if (!listed) return null;
    const written = listed.filter((f) => servedFrom(i, f.path));
    const held = (f: BundleFile | StoredFile) => isRemembered(f.content) && options.holds?.(`${SEARCH_FOLDER}${part.folder}${f.path}`, f.content.hash) === true;
    // Bytes at hand (the preview server's memory) need no reading.
    if (listed.every((f) => !isRemembered(f.content)) || written.every(held)) return listed;
    return cache!.readWhole(part.key);
  });
  const missing = parts.filter((_, i) => stored[i] === null);
  const started = missing.map((part) => options.early?.take(part.key));
  const late = missing.filter((_, i) => started[i] === undefined);
  const leases = late.map(() => new Lease());
  const built = late.length > 0 ? await startIndexes(late.map((part) => ({ records: part.records(), edition: part.edition })), cache, leases) : [];
  if (late.length === 0) await closeSearchIndex();
  const bundles = parts.map((part, i): Promise<(BundleFile | StoredFile)[]> => {
    const at = missing.indexOf(part);
    return at === -1 ? Promise.resolve(stored[i]!) : (started[at]?.bundle ?? built[late.indexOf(part)]!);
  });
  const pieces = [...bundles.map((bundle, i) => bundle.then((files) => bundleFiles(parts[i]!, i, files))), converterFiles().then((converters) => sharedFiles(parts, converters))];
  const files = (async () => {
    const all = await Promise.all(bundles);
    if (cache) {
      await Promise.all(missing.map((part) => cache.write(part.key, all[parts.indexOf(part)] as BundleFile[])));
      await cache.keepOnly(new Set(parts.map((part) => part.key)), new Set(parts.flatMap((part) => (part.edition === null ? [] : [part.edition]))));
    }
    // Pagefind lists its files in no fixed order; their contents are the same from run to run.
    return (await Promise.all(pieces)).flat().sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  })();
  // Each is awaited by the caller; not an unhandled rejection meanwhile.
  for (const promise of [files, ...pieces]) promise.catch(() => undefined);
  const held = [...started.flatMap((s) => (s ? [s.lease] : [])), ...leases];
  return {
    files,
    parts: pieces,
    indexed: missing.map((part) => part.edition),
    cached: parts.filter((part) => !missing.includes(part)).map((part) => part.edition),
    drop: async () => {
      for (const lease of held) await lease.end();
    },
  };
}

/** A volume's records to index, and the volume's edition (null for the empty site's). */
interface RecordList {
  records: SearchRecord[];
  edition: number | null;
}

/**
 * Hands each list of records to an index of its own in one Pagefind service and asks for the
 * bundles. Resolves once the service has taken every record; each bundle's promise once it is
 * built (and the words of its records kept in `store`).
 */
async function startIndexes(lists: RecordList[], store: BundleStore | null, leases = lists.map(() => new Lease())): Promise<Promise<BundleFile[]>[]> {
  const created = lists.map(() => newIndex());
  try {
    const indexes = await Promise.all(
      lists.map(async ({ records, edition }, i) => {
        const { index, errors } = await created[i]!;
        if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`);
        const { words, kept } = await volumeWords(records.map((record) => record.content), store, edition);
        // Each is awaited with its bundle, maybe after another has failed.
        kept.catch(() => undefined);
        // Dropped meanwhile: Pagefind's service may be closed, and a call would start it again.
        if (leases[i]!.ended) throw new Error('Pagefind: the index was dropped');
        // All records are sent at once: Pagefind's service works through them while more arrive.
        const added = await Promise.all(records.map((record, r) => index.addCustomRecord({ ...record, content: words[r]!, language: INDEX_LANGUAGE })));
        const problems = added.flatMap((a) => a.errors);
        if (problems.length > 0) throw new Error(`Pagefind: ${problems.join('; ')}`);
        return { index, kept };
      }),
    );
    const bundles = indexes.map(async ({ index, kept }, i) => {
      try {
        const bundle = await index.getFiles();
        if (bundle.errors.length > 0) throw new Error(`Pagefind: ${bundle.errors.join('; ')}`);
        await kept;
        return bundle.files.filter((f) => SHARED_FILE.test(f.path) || INDEX_FILE.test(f.path)).map((f) => ({ path: f.path, content: f.content }));
      } finally {
        await leases[i]!.end();
      }
    });
    // Each is awaited by the caller, maybe after another has failed.
    for (const bundle of bundles) bundle.catch(() => undefined);
    return bundles;
  } catch (error) {
    await Promise.allSettled(created);
    for (const lease of leases) await lease.end();
    throw error;
  }
}

/** What the words of a text are kept under: the text, and how it is split (ICU's version with it). */
export function wordsKey(text: string): string {
  return createHash('sha1').update(INDEX_TEXT_FORMAT).update('\0').update(text).digest('base64url');
}

/**
 * Each text split into words (splitWords), but those the store kept from when the volume was last
 * indexed: a rebuild after an edit splits the edited chapter's records only, not its whole
 * volume's (some 70 ms of this thread and 45 MB of garbage for 200 chapters). `kept` settles once
 * the store keeps this volume's words for the next build.
 */
export async function volumeWords(texts: string[], store: BundleStore | null, edition: number | null): Promise<{ words: string[]; kept: Promise<void> }> {
  if (!store || edition === null) return { words: await splitWords(texts), kept: Promise.resolve() };
  const known = store.words(edition);
  const keys = texts.map(wordsKey);
  const words = keys.map((key) => known.get(key));
  const missing = words.flatMap((w, i) => (w === undefined ? [i] : []));
  if (missing.length > 0) {
    const split = await splitWords(missing.map((i) => texts[i]!));
    missing.forEach((i, j) => (words[i] = split[j]!));
  }
  const all = words as string[];
  return { words: all, kept: store.keepWords(edition, new Map(keys.map((key, i) => [key, all[i]!]))) };
}

/**
 * The thread that splits records into words (search-text-worker.ts): one for the process, started
 * when first needed, and not keeping the process alive while it has nothing to do.
 */
interface Splitter {
  worker: Worker;
  waiting: Map<number, { resolve: (texts: string[]) => void; reject: (error: Error) => void }>;
  next: number;
  /** Ends the thread once it has had nothing to split for a while. */
  idle?: NodeJS.Timeout;
}

/**
 * The splitter's thread ends once it has had nothing to split for this long: in a cold build it
 * splits while the content is read, and its heap (some 45 MB) would otherwise stay through the
 * rendering, where the build's memory peaks (40 MiB lower at 4,000 chapters). Another long list
 * starts it again (short ones are split on this thread: see SPLIT_HERE).
 */
const SPLITTER_IDLE_MS = 1000;

/** Whether the splitter's thread is running (started, and not yet ended for being idle). */
export function splitterRunning(): boolean {
  return splitter !== null;
}
let splitter: Splitter | null = null;

/** Stops the splitter's thread if it still has records to split (for indexes dropped meanwhile). */
function stopSplitter(): void {
  if (splitter?.waiting.size) void splitter.worker.terminate();
}

/** Lists of records split so far in this process. */
let lists = 0;

/**
 * Lists up to this many characters are split on this thread: a rebuild's edited chapter (the words
 * of the rest of its volume are kept) takes a few milliseconds here, less than starting the
 * splitter's thread again once it has ended (50-150 ms).
 */
const SPLIT_HERE = 20_000;

/**
 * Each text split into words for the index (search-text.ts): the process's first list here, and
 * short ones, the others in the splitter's thread. A rebuild after an edit indexes one volume,
 * whose words take this thread some 30 ms; a thread of its own would add its heap to the build's
 * peak memory.
 */
function splitWords(texts: string[]): Promise<string[]> {
  let characters = 0;
  for (const text of texts) characters += text.length;
  if (lists++ === 0 || characters <= SPLIT_HERE) return Promise.resolve(texts.map(indexText));
  if (!splitter) {
    const { script, eval: evaluate } = workerScript('search-text-worker', import.meta.url);
    const worker = new Worker(script, { eval: evaluate });
    const started: Splitter = { worker, waiting: new Map(), next: 0 };
    const fail = (error: Error) => {
      if (splitter === started) splitter = null;
      for (const waiting of started.waiting.values()) waiting.reject(error);
      started.waiting.clear();
    };
    worker.on('message', ({ id, texts: words }: WordsReply) => {
      started.waiting.get(id)?.resolve(words);
      started.waiting.delete(id);
      if (started.waiting.size === 0) {
        worker.unref();
        started.idle = setTimeout(() => {
          if (splitter === started) splitter = null;
          void worker.terminate();
        }, SPLITTER_IDLE_MS);
        started.idle.unref();
      }
    });
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('the thread that splits search records into words stopped')));
    splitter = started;
  }
  const { worker, waiting } = splitter;
  const id = splitter.next++;
  clearTimeout(splitter.idle);
  worker.ref();
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    worker.postMessage({ id, texts } satisfies WordsRequest);
  });
}

/**
 * An index's hold on Pagefind's service, given back once: when its bundle is built, when making it
 * failed, or when it is dropped before (a build that found errors drops what it started early;
 * once nothing holds the service it is closed, and the process need not wait for it).
 */
class Lease {
  private done = false;

  get ended(): boolean {
    return this.done;
  }

  end(): Promise<void> {
    if (this.done) return Promise.resolve();
    this.done = true;
    return release();
  }
}

/**
 * OpenCC's converters for the browser, loaded only when a reader searches on a Traditional page,
 * with opencc-js's licence and that of its dictionary data (Apache-2.0), which go with copies.
 */
async function converterFiles(): Promise<OutputFile[]> {
  const file = (name: string, url: URL) => readFile(url).then((content) => ({ path: `${SEARCH_FOLDER}${CONVERTER_FOLDER}${name}`, content }));
  const packageRoot = new URL('../../', import.meta.resolve(CONVERTERS[0])); // from dist/esm/t2cn.js
  return Promise.all([
    ...CONVERTERS.map((name) => file(`${name.slice(name.lastIndexOf('/') + 1)}.js`, new URL(import.meta.resolve(name)))),
    file('LICENSE.txt', new URL('LICENSE', packageRoot)),
    file('THIRD_PARTY_LICENSES.md', new URL('THIRD_PARTY_LICENSES.md', packageRoot)),
  ]);
}

/** Whether a file of the i-th bundle (newest first) is served: its own index, and the shared parts of the main one. */
function servedFrom(i: number, file: string): boolean {
  return INDEX_FILE.test(file) || (i === 0 && SHARED_FILE.test(file));
}

/** A bundle's files in its folder: its own index, and the shared parts if it is the main one (the i-th, newest first). */
function bundleFiles(part: Part, i: number, bundle: readonly (BundleFile | StoredFile)[]): PageFile[] {
  return bundle.filter((f) => servedFrom(i, f.path)).map((f) => ({ path: `${SEARCH_FOLDER}${part.folder}${f.path}`, content: f.content }));
}

/** The list of bundles to merge, and the converters. */
function sharedFiles(parts: readonly Part[], converters: OutputFile[]): PageFile[] {
  const manifest = { language: SEARCH_LANGUAGE, merge: parts.slice(1).map((part) => part.folder) };
  return [{ path: `${SEARCH_FOLDER}bundles.json`, content: `${JSON.stringify(manifest)}\n` }, ...converters];
}
