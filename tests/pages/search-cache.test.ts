// The search bundles in the build cache: a build re-indexes only the volumes whose records changed,
// and writes the same bytes as a build without the cache. Runs Pagefind (no browser).
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, checkContent, DEFAULT_TEMPLATES } from '../../src/build.ts';
import { EarlySearchIndex, startSearchIndex, volumeWords, wordsKey } from '../../src/pages/search.ts';
import { indexText } from '../../src/pages/search-text.ts';
import { parseChapter } from '../../src/pipeline/model.ts';
import { isRemembered, publishedVolumes, resolveFile, type PageFile } from '../../src/pipeline/render.ts';
import { MemoryBundleStore, packBundle, SearchBundleCache, unpackBundle } from '../../src/pipeline/search-cache.ts';
import { listFiles } from '../support/site.ts';
import { chapterFile, makeContent, twoVolumes } from '../support/content.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('packed bundles', () => {
  const files = [
    { path: 'pagefind-entry.json', content: bytes('{"version":"1.6.0"}') },
    { path: 'fragment/zh-cn_1.pf_fragment', content: new Uint8Array([0x1f, 0x8b, 0x0a, 0, 255]) },
    { path: 'index/空.pf_index', content: new Uint8Array() },
  ];

  it('give back the same files, bytes and order', () => {
    const unpacked = unpackBundle(packBundle(files))!;
    expect(unpacked.map((f) => f.path)).toEqual(files.map((f) => f.path));
    unpacked.forEach((f, i) => expect(Buffer.from(f.content).equals(Buffer.from(files[i]!.content))).toBe(true));
  });

  it('are refused when cut short, lengthened, or not a bundle', () => {
    const packed = packBundle(files);
    expect(unpackBundle(packed.subarray(0, packed.length - 1))).toBeNull();
    expect(unpackBundle(Buffer.concat([packed, Buffer.from([0])]))).toBeNull();
    expect(unpackBundle(Buffer.from('not a bundle\n'))).toBeNull();
    expect(unpackBundle(Buffer.from('{"format":0,"files":[]}\n'))).toBeNull();
    const changed = Buffer.from(packed);
    changed[changed.length - 2] = changed[changed.length - 2]! ^ 0xff;
    expect(unpackBundle(changed)).toBeNull();
  });
});

async function volumesOf(content: string) {
  const { site, diagnostics } = await checkContent(content);
  expect(diagnostics.hasErrors).toBe(false);
  return publishedVolumes(site);
}

function expectSameFiles(pages: PageFile[], others: PageFile[]) {
  const [a, b] = [pages.map(resolveFile), others.map(resolveFile)];
  expect(a.map((f) => f.path)).toEqual(b.map((f) => f.path));
  a.forEach((f, i) => expect(Buffer.from(f.content).equals(Buffer.from(b[i]!.content)), f.path).toBe(true));
}

const editOlderVolume = (content: string) => {
  const file = path.join(content, '2019/zuzhi-gongzuo.md');
  writeFileSync(file, readFileSync(file, 'utf8').replace('整顿软弱涣散党组织8个', '整顿软弱涣散党组织9个'));
};

/** Changes the last byte of every cached bundle: same length, one file's bytes no longer match their hash. */
function damageEveryBundle(cacheDir: string) {
  const folder = path.join(cacheDir, 'search');
  for (const name of readdirSync(folder)) {
    const packed = readFileSync(path.join(folder, name));
    packed[packed.length - 1] = packed[packed.length - 1]! ^ 0xff;
    writeFileSync(path.join(folder, name), packed);
  }
}

/** Two volumes, indexed once with the build cache. */
async function indexedOnce() {
  const content = makeContent(twoVolumes());
  const cacheDir = path.join(path.dirname(content), 'cache');
  await (await startSearchIndex(await volumesOf(content), { cacheDir })).files;
  return { content, cacheDir };
}

describe('search index with the build cache', () => {
  it('indexes every volume the first time, none when nothing changed, and only a changed volume after an edit', async () => {
    const content = makeContent(twoVolumes());
    const cacheDir = path.join(path.dirname(content), 'cache');
    const first = await startSearchIndex(await volumesOf(content), { cacheDir });
    expect([first.indexed, first.cached]).toEqual([[2020, 2019], []]);
    await first.files;
    expect(readdirSync(path.join(cacheDir, 'search')).filter((n) => n.endsWith('.bundle'))).toHaveLength(2);

    const again = await startSearchIndex(await volumesOf(content), { cacheDir, holds: () => true });
    expect([again.indexed, again.cached]).toEqual([[], [2020, 2019]]);
    // When the output holds them, the cached files come with their hashes; bytes read only if asked for.
    const index = (await again.files).filter((f) => f.path.startsWith('pagefind/index/'));
    expect(index.length).toBeGreaterThan(0);
    expect(index.every((f) => isRemembered(f.content))).toBe(true);
    expectSameFiles(await again.files, await first.files);

    editOlderVolume(content);
    const edited = await startSearchIndex(await volumesOf(content), { cacheDir });
    expect([edited.indexed, edited.cached]).toEqual([[2019], [2020]]);
    const warm = await edited.files;
    const cold = await startSearchIndex(await volumesOf(content));
    expect([cold.indexed, cold.cached]).toEqual([[2020, 2019], []]);
    expectSameFiles(warm, await cold.files);
    // The old bundle of 2019 is gone from the cache; the new one is kept.
    expect(readdirSync(path.join(cacheDir, 'search')).filter((n) => n.endsWith('.bundle'))).toHaveLength(2);
  });

  it('keeps the words of each volume\'s records and splits only the texts it has not kept', async () => {
    const store = new MemoryBundleStore();
    const texts = ['2019年，全市发展党员2212人。', '干部工作'];
    const first = await volumeWords(texts, store, 2020);
    expect(first.words).toEqual(texts.map(indexText));
    await first.kept;
    expect([...store.words(2020)]).toEqual(texts.map((text) => [wordsKey(text), indexText(text)]));
    expect(store.words(2019).size).toBe(0);
    // A text kept is taken as kept, not split again; one no longer there is dropped.
    await store.keepWords(2020, new Map([[wordsKey(texts[0]!), 'kept words']]));
    const second = await volumeWords([texts[0]!, '新的条目'], store, 2020);
    expect(second.words).toEqual(['kept words', indexText('新的条目')]);
    await second.kept;
    expect([...store.words(2020).keys()]).toEqual([wordsKey(texts[0]!), wordsKey('新的条目')]);
    // Without a store, or for the empty site, everything is split.
    expect((await volumeWords(texts, null, 2020)).words).toEqual(texts.map(indexText));
    expect((await volumeWords(texts, store, null)).words).toEqual(texts.map(indexText));
  });

  it('keeps the words in the cache folder, one file per volume, and forgets those of a volume that is gone', async () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'yearbook-words-'));
    const cache = SearchBundleCache.open(cacheDir)!;
    expect(cache.words(2020).size).toBe(0);
    await cache.keepWords(2020, new Map([['a', '中山 人才']]));
    await cache.keepWords(2019, new Map([['b', '党员']]));
    expect([...SearchBundleCache.open(cacheDir)!.words(2020)]).toEqual([['a', '中山 人才']]);
    await cache.keepOnly(new Set(), new Set([2020]));
    expect(readdirSync(path.join(cacheDir, 'search'))).toEqual(['words-2020.words.json']);
    expect(cache.words(2019).size).toBe(0);
    // A damaged file is as none.
    writeFileSync(path.join(cacheDir, 'search', 'words-2020.words.json'), '{"format":');
    expect(cache.words(2020).size).toBe(0);
  });

  it('re-indexes a volume whose cached bundle is damaged', async () => {
    const { content, cacheDir } = await indexedOnce();
    const folder = path.join(cacheDir, 'search');
    const [damaged] = readdirSync(folder);
    writeFileSync(path.join(folder, damaged!), readFileSync(path.join(folder, damaged!)).subarray(0, 100));
    const next = await startSearchIndex(await volumesOf(content), { cacheDir });
    expect(next.indexed).toHaveLength(1);
    expect(next.cached).toHaveLength(1);
    expectSameFiles(await next.files, await (await startSearchIndex(await volumesOf(content))).files);
  });

  it('indexes again a volume whose cached bundle had a byte changed, when its files must be written', async () => {
    const { content, cacheDir } = await indexedOnce();
    damageEveryBundle(cacheDir);
    const next = await startSearchIndex(await volumesOf(content), { cacheDir, holds: () => false });
    expect([next.indexed, next.cached]).toEqual([[2020, 2019], []]);
    expectSameFiles(await next.files, await (await startSearchIndex(await volumesOf(content))).files);
  });

  it('refuses a changed byte found only when a file held by the output is wanted after all, with what to do', async () => {
    const { content, cacheDir } = await indexedOnce();
    damageEveryBundle(cacheDir);
    const next = await startSearchIndex(await volumesOf(content), { cacheDir, holds: () => true });
    const files = await next.files;
    expect(() => files.map(resolveFile)).toThrow(/build with --no-cache/);
  });

  it('keeps the bundles in memory for the preview server: after an edit only that volume is indexed again', async () => {
    const content = makeContent(twoVolumes());
    const store = new MemoryBundleStore();
    const first = await startSearchIndex(await volumesOf(content), { store });
    expect([first.indexed, first.cached]).toEqual([[2020, 2019], []]);
    await first.files;
    editOlderVolume(content);
    const edited = await startSearchIndex(await volumesOf(content), { store });
    expect([edited.indexed, edited.cached]).toEqual([[2019], [2020]]);
    expectSameFiles(await edited.files, await (await startSearchIndex(await volumesOf(content))).files);
  });

  it('keeps nothing without a cache folder', () => {
    expect(SearchBundleCache.open(null)).toBeNull();
    expect(SearchBundleCache.open(undefined)).toBeNull();
  });

  it('gives a build with the cache, after one volume changed, the same output as a build without it', async () => {
    const content = makeContent(twoVolumes());
    const work = mkdtempSync(path.join(tmpdir(), 'yearbook-search-cache-'));
    const options = { contentDir: content, templatesDir: DEFAULT_TEMPLATES };
    const cacheDir = path.join(work, 'cache');
    await build({ ...options, outDir: path.join(work, 'warm'), cacheDir });
    editOlderVolume(content);
    await build({ ...options, outDir: path.join(work, 'warm'), cacheDir });
    await build({ ...options, outDir: path.join(work, 'cold'), cacheDir: null });
    const files = listFiles(path.join(work, 'cold'));
    expect(files).toContain('pagefind/2019/pagefind-entry.json');
    expect(listFiles(path.join(work, 'warm'))).toEqual(files);
    for (const f of files) expect(readFileSync(path.join(work, 'warm', f)).equals(readFileSync(path.join(work, 'cold', f))), f).toBe(true);
  });

  it('mends a damaged cached bundle when the output lacks its files: the build indexes that volume again', async () => {
    const content = makeContent(twoVolumes());
    const work = mkdtempSync(path.join(tmpdir(), 'yearbook-search-cache-'));
    const options = { contentDir: content, templatesDir: DEFAULT_TEMPLATES };
    const cacheDir = path.join(work, 'cache');
    await build({ ...options, outDir: path.join(work, 'warm'), cacheDir });
    damageEveryBundle(cacheDir);
    // A build without search takes the index out of the output; the next one must write it again.
    await build({ ...options, outDir: path.join(work, 'warm'), cacheDir, search: false });
    expect(existsSync(path.join(work, 'warm', 'pagefind'))).toBe(false);
    const result = await build({ ...options, outDir: path.join(work, 'warm'), cacheDir });
    expect(result.diagnostics.hasErrors).toBe(false);
    await build({ ...options, outDir: path.join(work, 'cold'), cacheDir: null });
    const files = listFiles(path.join(work, 'cold'));
    expect(listFiles(path.join(work, 'warm'))).toEqual(files);
    for (const f of files) expect(readFileSync(path.join(work, 'warm', f)).equals(readFileSync(path.join(work, 'cold', f))), f).toBe(true);
  });
});

describe('search index started while the content is read', () => {
  /** Checks the content as a build does, each volume handed to `early` as soon as it is parsed. */
  async function readWith(early: EarlySearchIndex, content: string, drafts = false) {
    const { site, diagnostics } = await checkContent(content, parseChapter, null, (volume) => early.add(volume));
    expect(diagnostics.hasErrors).toBe(false);
    return publishedVolumes(site, { drafts });
  }

  it('starts each volume as it is parsed; the index takes those bundles and they are the same files', async () => {
    const content = makeContent(twoVolumes());
    const early = await EarlySearchIndex.open({});
    const volumes = await readWith(early, content);
    expect(early.pending).toBe(2);
    const indexing = await startSearchIndex(volumes, { early });
    expect(early.pending).toBe(0);
    expect([indexing.indexed, indexing.cached]).toEqual([[2020, 2019], []]);
    expectSameFiles(await indexing.files, await (await startSearchIndex(await volumesOf(content))).files);
    // In pieces, as the build writes them: one per volume's bundle, then the shared files; the same files in all.
    const pieces = await Promise.all(indexing.parts);
    expect(pieces).toHaveLength(3);
    expect(pieces[1]!.every((f) => f.path.startsWith('pagefind/2019/'))).toBe(true);
    expectSameFiles(pieces.flat().sort((a, b) => (a.path < b.path ? -1 : 1)), await indexing.files);
  });

  it('does not start a volume whose bundle is in the build cache', async () => {
    const { content, cacheDir } = await indexedOnce();
    editOlderVolume(content);
    const early = await EarlySearchIndex.open({ cacheDir });
    const volumes = await readWith(early, content);
    expect(early.pending).toBe(1);
    const indexing = await startSearchIndex(volumes, { cacheDir, early });
    expect([indexing.indexed, indexing.cached, early.pending]).toEqual([[2019], [2020], 0]);
    expectSameFiles(await indexing.files, await (await startSearchIndex(await volumesOf(content))).files);
  });

  it('drops what it started when the build will not go on, and the next index starts Pagefind again', async () => {
    const content = makeContent(twoVolumes());
    const early = await EarlySearchIndex.open({});
    await readWith(early, content);
    expect(early.pending).toBe(2);
    await early.drop();
    expect(early.pending).toBe(0);
    const next = await startSearchIndex(await volumesOf(content));
    expect(next.indexed).toEqual([2020, 2019]);
    expect((await next.files).some((f) => f.path === 'pagefind/2019/pagefind-entry.json')).toBe(true);
  });

  it('a build that finds an error in a later volume fails, and the next build in the same process is whole', async () => {
    const files = twoVolumes();
    const work = mkdtempSync(path.join(tmpdir(), 'yearbook-search-cache-'));
    const options = { templatesDir: DEFAULT_TEMPLATES, cacheDir: null };
    // 2019 is parsed first and handed to Pagefind; the error is in 2020.
    const broken = makeContent({ ...files, '2020/broken.md': '---\ntitle: [不完整\n---\n\n正文\n' });
    const failed = await build({ ...options, contentDir: broken, outDir: path.join(work, 'failed') });
    expect(failed.diagnostics.hasErrors).toBe(true);
    expect(existsSync(path.join(work, 'failed'))).toBe(false);
    const result = await build({ ...options, contentDir: makeContent(files), outDir: path.join(work, 'ok') });
    expect(result.diagnostics.hasErrors).toBe(false);
    expect(existsSync(path.join(work, 'ok', 'pagefind', '2019', 'pagefind-entry.json'))).toBe(true);
  });

  it('a build that fails while rendering drops its indexes, and the next build in the same process is whole', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'yearbook-search-cache-'));
    const templatesDir = path.join(work, 'templates');
    cpSync(DEFAULT_TEMPLATES, templatesDir, { recursive: true });
    // A misspelt variable fails the first chapter page, after the index has started.
    const chapterTemplate = path.join(templatesDir, 'chapter.liquid');
    writeFileSync(chapterTemplate, `{{ page.titel }}${readFileSync(chapterTemplate, 'utf8')}`);
    const content = makeContent(twoVolumes());
    await expect(build({ contentDir: content, templatesDir, outDir: path.join(work, 'failed'), cacheDir: null })).rejects.toThrow(/titel/);
    expect(existsSync(path.join(work, 'failed'))).toBe(false);
    const result = await build({ contentDir: content, templatesDir: DEFAULT_TEMPLATES, outDir: path.join(work, 'ok'), cacheDir: null });
    expect(result.diagnostics.hasErrors).toBe(false);
    expect(existsSync(path.join(work, 'ok', 'pagefind', '2019', 'pagefind-entry.json'))).toBe(true);
  });

  it('indexes a volume as it is published: without its drafts, unless they are asked for', async () => {
    const files = twoVolumes();
    files['2020/draft.md'] = chapterFile('title: 宣传工作\nslug: xuanchuan\ncategory: 政治\ndraft: true', '## 草稿条目\n\n尚未发布的草稿内容。\n');
    const content = makeContent(files);
    const fragments: number[] = [];
    for (const drafts of [false, true]) {
      const early = await EarlySearchIndex.open({ drafts });
      const volumes = await readWith(early, content, drafts);
      const indexing = await startSearchIndex(volumes, { early });
      // Taken: the keys were those of the volumes as published.
      expect(early.pending).toBe(0);
      const built = await indexing.files;
      expectSameFiles(built, await (await startSearchIndex(volumes)).files);
      fragments.push(built.filter((f) => f.path.includes('/fragment/')).length);
    }
    // The draft's one entry is a record more.
    expect(fragments[1]).toBe(fragments[0]! + 1);
  });
});
