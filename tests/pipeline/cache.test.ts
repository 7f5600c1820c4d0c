// The build cache: what it reuses, what invalidates it, and that a warm build writes what a cold
// build writes. Behaviour only: nothing here is timed.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, checkContent, DEFAULT_TEMPLATES } from '../../src/build.ts';
import { pageGenerators } from '../../src/pages/index.ts';
import { BuildCache } from '../../src/pipeline/cache.ts';
import { isUnconverted, renderBatches, renderSite, Renderer } from '../../src/pipeline/render.ts';
import { sparePath } from '../../src/pipeline/write.ts';
import { chapterFile, makeContent, VOLUME_2020 } from '../support/content.ts';

const chapter = (title: string, text: string) => chapterFile(`title: ${title}\ncategory: 政治`, `## ${title}概况\n\n${text}\n\n**会议** 召开会议。\n`);

function setup() {
  const content = makeContent({
    '2020/volume.yml': VOLUME_2020,
    '2020/dangjian.md': chapter('党建工作', '2019年，全市党建工作稳步推进。'),
    '2020/renshi.md': chapter('人事工作', '2019年，人事工作有序开展。'),
    '2020/tongzhan.md': chapter('统一战线', '2019年，统战工作取得新成效。'),
  });
  const work = path.dirname(content);
  const templates = path.join(work, 'templates');
  cpSync(DEFAULT_TEMPLATES, templates, { recursive: true });
  return { content, work, templates, cacheDir: path.join(work, 'cache'), out: path.join(work, 'dist') };
}

type Setup = ReturnType<typeof setup>;

async function buildWithCache(s: Setup): Promise<void> {
  const result = await build({ contentDir: s.content, outDir: s.out, templatesDir: s.templates, cacheDir: s.cacheDir });
  expect(result.diagnostics.hasErrors).toBe(false);
}

/** What the next build would take from the cache: build()'s steps up to rendering, counted. */
async function nextBuildStats(s: Setup) {
  const cache = await BuildCache.open(s.cacheDir, s.templates);
  const { site, diagnostics } = await checkContent(s.content, cache, cache);
  expect(diagnostics.hasErrors).toBe(false);
  // As a build whose output folder holds the remembered pages: those are not made again.
  for (const batch of renderBatches(site, new Renderer(s.templates, cache), pageGenerators)) expect(batch).toBeDefined();
  return cache.stats;
}

/** Builds, makes a change, and counts what the next build takes from the cache. */
async function statsAfter(change: (s: Setup) => void) {
  const s = setup();
  await buildWithCache(s);
  change(s);
  return nextBuildStats(s);
}

const editRenshi = (s: Setup) =>
  writeFileSync(path.join(s.content, '2020/renshi.md'), chapter('人事工作', '2019年，人事工作有序开展，队伍建设加强。'));

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

function expectSameTree(a: string, b: string) {
  const files = listFiles(a);
  expect(listFiles(b)).toEqual(files);
  for (const f of files) expect(readFileSync(path.join(a, f)).equals(readFileSync(path.join(b, f))), f).toBe(true);
}

/** The output is byte for byte what a build without the cache makes of the same content. */
async function expectSameAsCold(s: Setup) {
  const cold = path.join(s.work, 'cold');
  await build({ contentDir: s.content, outDir: cold, templatesDir: s.templates, cacheDir: null });
  expectSameTree(s.out, cold);
}

describe('build cache', () => {
  it('reuses every chapter and page when nothing changed', async () => {
    const stats = await statsAfter(() => {});
    // The volume is recalled whole: no chapter is parsed or even read, no page made again.
    expect(stats).toMatchObject({ chapterMisses: 0, chapterHits: 0, volumesRecalled: 1, volumesRead: 0, pageMisses: 0, volumeMisses: 0 });
    expect(stats.volumeHits).toBeGreaterThan(3);
  });

  it('parses only the edited chapter again, and renders only the pages that show it', async () => {
    const stats = await statsAfter(editRenshi);
    expect(stats).toMatchObject({ chapterMisses: 1, chapterHits: 2 });
    // The chapter's own page, in each script; the volume page lists titles only, so it is unchanged.
    expect(stats.pageMisses).toBe(2);
  });

  it('leaves a first build\'s Traditional pages to the writer\'s thread, and remembers the hashes it gives back', async () => {
    const s = setup();
    const first = await BuildCache.open(s.cacheDir, s.templates);
    const { site } = await checkContent(s.content, first, first);
    const renderer = new Renderer(s.templates, first);
    expect(renderer.leavesUnconverted).toBe(true);
    const pages = [...renderBatches(site, renderer, pageGenerators)].flat();
    const traditional = pages.filter((f) => f.path.startsWith('hant/') && f.path.endsWith('.html'));
    expect(traditional.length).toBeGreaterThan(3);
    for (const page of traditional) expect(isUnconverted(page.content)).toBe(true);
    // The whole build: every page's hash is then known, and the next build makes and writes nothing.
    await buildWithCache(s);
    const remembered = JSON.parse(readFileSync(path.join(s.cacheDir, 'pages.json'), 'utf8')) as { entries: Record<string, string> };
    expect(Object.values(remembered.entries).filter((hash) => hash === '')).toEqual([]);
    const again = await build({ contentDir: s.content, outDir: s.out, templatesDir: s.templates, cacheDir: s.cacheDir });
    expect(again.written).toBe(0);
    await expectSameAsCold(s);
    // A rebuild, with pages remembered, converts the few it makes on this thread.
    const next = await BuildCache.open(s.cacheDir, s.templates);
    expect(new Renderer(s.templates, next).leavesUnconverted).toBe(false);
    // Converted here instead (renderSite, the preview server), a page's hash is remembered all the same.
    const here = await BuildCache.open(path.join(s.work, 'cache-here'), s.templates);
    const checked = await checkContent(s.content, here, here);
    renderSite(checked.site, new Renderer(s.templates, here), pageGenerators);
    await here.save(checked.site);
    const kept = JSON.parse(readFileSync(path.join(s.work, 'cache-here', 'pages.json'), 'utf8')) as { entries: Record<string, string> };
    expect(Object.values(kept.entries).filter((hash) => hash === '')).toEqual([]);
    expect(Object.keys(kept.entries).sort()).toEqual(Object.keys(remembered.entries).sort());
  });

  it('hands on the pages of a volume it does not know as they are made, and remembers them once the last is', async () => {
    const s = setup();
    const site = { title: '年鉴', url: null, volumes: [] };
    const cache = await BuildCache.open(s.cacheDir, s.templates);
    let made = 0;
    const make = function* () {
      for (const n of [1, 2, 3]) {
        made++;
        const content = cache.render('probe', { n }, () => `<p>${n}</p>`) as string;
        yield { path: `${n}.html`, content };
      }
    };
    const pages = cache.files('volume', make)[Symbol.iterator]();
    expect(made).toBe(0);
    expect(pages.next().value).toEqual({ path: '1.html', content: '<p>1</p>' });
    expect(made).toBe(1);
    // A page made between two steps, for another volume, is not this volume's.
    cache.render('elsewhere', {}, () => '<p>elsewhere</p>');
    expect([...{ [Symbol.iterator]: () => pages }].map((f) => f.path)).toEqual(['2.html', '3.html']);
    // A volume whose pages were not all taken is not remembered.
    const abandoned = cache.files('abandoned', make)[Symbol.iterator]();
    abandoned.next();
    await cache.save(site);
    const volumes = JSON.parse(readFileSync(path.join(s.cacheDir, 'volumes.json'), 'utf8')) as { entries: Record<string, { files: [string, string][]; pages: string[] }> };
    const [entry, ...others] = Object.values(volumes.entries);
    expect(others).toEqual([]);
    expect(entry!.files.map(([file]) => file)).toEqual(['1.html', '2.html', '3.html']);
    expect(entry!.pages).toHaveLength(3);
    // The next build has them without making them.
    const next = await BuildCache.open(s.cacheDir, s.templates);
    made = 0;
    const remembered = next.files('volume', make);
    expect(Array.isArray(remembered)).toBe(true);
    expect(made).toBe(0);
    expect([...remembered].map((f) => f.path)).toEqual(['1.html', '2.html', '3.html']);
    expect(next.stats).toMatchObject({ volumeHits: 1, volumeMisses: 0 });
  });

  it('renders every page again when a template changes', async () => {
    const stats = await statsAfter((s) => {
      const layout = path.join(s.templates, 'layout.liquid');
      writeFileSync(layout, readFileSync(layout, 'utf8').replace('</footer>', '</footer>\n<!-- 新页脚 -->'));
    });
    expect(stats.pageHits).toBe(0);
    // Templates do not change what a chapter is: the volume's chapters are read, not parsed.
    expect(stats).toMatchObject({ chapterHits: 0, chapterMisses: 0, volumesRecalled: 1, volumesRead: 1 });
  });

  it('parses every chapter of a volume again when its volume.yml changes', async () => {
    const stats = await statsAfter((s) => writeFileSync(path.join(s.content, '2020/volume.yml'), `${VOLUME_2020}year: 2018\n`));
    expect(stats).toMatchObject({ chapterHits: 0, chapterMisses: 3 });
    expect(stats.pageMisses).toBeGreaterThan(3);
  });

  it('writes the same bytes warm as cold, after an edit, a new chapter and a removed one', async () => {
    const s = setup();
    await buildWithCache(s);
    editRenshi(s);
    writeFileSync(path.join(s.content, '2020/xinfang.md'), chapter('信访工作', '2019年，信访工作平稳。'));
    rmSync(path.join(s.content, '2020/tongzhan.md'));
    await buildWithCache(s);
    await expectSameAsCold(s);
    // Its folders go too, not only its files.
    expect(existsSync(path.join(s.out, '2020/tongzhan'))).toBe(false);
  });

  it('removes the single file of parsed chapters an older version kept', async () => {
    const s = setup();
    await buildWithCache(s);
    writeFileSync(path.join(s.cacheDir, 'chapters.json'), '{"format": 1, "fingerprint": "", "entries": {}}');
    await buildWithCache(s);
    expect(existsSync(path.join(s.cacheDir, 'chapters.json'))).toBe(false);
  });

  it('starts afresh from a damaged cache file', async () => {
    const stats = await statsAfter((s) => {
      for (const part of readdirSync(path.join(s.cacheDir, 'chapters'))) writeFileSync(path.join(s.cacheDir, 'chapters', part), '{"format": 1, "fingerp');
      for (const name of ['pages.json', 'models.json', 'volumes.json']) writeFileSync(path.join(s.cacheDir, name), 'not json');
    });
    expect(stats).toMatchObject({ chapterHits: 0, chapterMisses: 3, pageHits: 0, volumesRecalled: 0 });
  });

  it('parses a volume again when its chapters file is lost, and still writes the same bytes as cold', async () => {
    const s = setup();
    await buildWithCache(s);
    for (const part of readdirSync(path.join(s.cacheDir, 'chapters'))) rmSync(path.join(s.cacheDir, 'chapters', part));
    // A template change makes every page again, so the volume's chapters are needed.
    const layout = path.join(s.templates, 'layout.liquid');
    writeFileSync(layout, readFileSync(layout, 'utf8').replace('</footer>', '</footer>\n<!-- 新页脚 -->'));
    const stats = await nextBuildStats(s);
    expect(stats).toMatchObject({ volumesRecalled: 1, volumesRead: 1, chapterMisses: 3 });
    await buildWithCache(s);
    // The cache is whole again: the next build reads the chapters without parsing them.
    expect(readdirSync(path.join(s.cacheDir, 'chapters'))).toHaveLength(1);
    await expectSameAsCold(s);
  });
});

describe('drafts with the cache', () => {
  it('leaves a recalled volume\'s drafts out, or puts them in with --drafts, as a build without the cache does', async () => {
    const s = setup();
    writeFileSync(path.join(s.content, '2020/xinfang.md'), chapterFile('title: 信访工作\ncategory: 政治\ndraft: true', '## 信访工作概况\n\n2019年，信访工作平稳。\n'));
    const run = (drafts: boolean, outDir: string, cacheDir: string | null) =>
      build({ contentDir: s.content, outDir, templatesDir: s.templates, cacheDir, drafts });
    for (const drafts of [false, true, false]) {
      // Twice each: the second build recalls the volume from the first.
      await run(drafts, s.out, s.cacheDir);
      const result = await run(drafts, s.out, s.cacheDir);
      expect(result.chapters).toBe(drafts ? 4 : 3);
      const cold = path.join(s.work, `cold-${drafts}`);
      await run(drafts, cold, null);
      expectSameTree(s.out, cold);
      expect(existsSync(path.join(s.out, '2020/xinfang/index.html'))).toBe(drafts);
    }
  });
});

describe('reading only what changed', () => {
  /** As though the last build had looked at the files a minute after they were written. */
  const settle = (s: Setup) => {
    const file = path.join(s.cacheDir, 'sources.json');
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { readAt: number };
    writeFileSync(file, JSON.stringify({ ...stored, readAt: Date.now() + 60_000 }));
  };

  it('does not read a chapter file whose size, times and inode are unchanged', async () => {
    const s = setup();
    await buildWithCache(s);
    settle(s);
    const stats = await nextBuildStats(s);
    expect(stats).toMatchObject({ sourcesKnown: 3, sourcesRead: 0, volumesRecalled: 1, volumesRead: 0 });
  });

  it('reads a file changed since, even with the same size and its old modification time', async () => {
    const s = setup();
    await buildWithCache(s);
    settle(s);
    const file = path.join(s.content, '2020/renshi.md');
    const before = statSync(file);
    // The same number of bytes (two characters swapped), and the old mtime put back: the inode's
    // change time (ctime) still moves, and no program can set it back.
    writeFileSync(file, readFileSync(file, 'utf8').replace('有序开展', '开展有序'));
    utimesSync(file, before.atime, before.mtime);
    expect(statSync(file).size).toBe(before.size);
    const stats = await nextBuildStats(s);
    expect(stats).toMatchObject({ sourcesKnown: 2, sourcesRead: 1, chapterMisses: 1 });
    await buildWithCache(s);
    expect(readFileSync(path.join(s.out, '2020/renshi/index.html'), 'utf8')).toContain('开展有序');
    await expectSameAsCold(s);
  });

  it('reads again a file changed shortly before it was last read (its times may not show a second change)', async () => {
    const s = setup();
    await buildWithCache(s);
    // The files were written just now, so within the same tick of the file system's clock they
    // could change again unseen: the next build reads them all.
    const stats = await nextBuildStats(s);
    expect(stats).toMatchObject({ sourcesKnown: 0, sourcesRead: 3, chapterHits: 0, volumesRecalled: 1 });
  });
});

describe('writing only what changed', () => {
  const staging = (s: Setup) => readdirSync(s.work).filter((n) => n.startsWith('.dist-new-'));

  it('updates the output in place: unchanged files keep their inode and time, changed ones are replaced', async () => {
    const s = setup();
    await buildWithCache(s);
    const page = (name: string) => statSync(path.join(s.out, `2020/${name}/index.html`));
    const before = { same: page('dangjian'), edited: page('renshi'), folder: statSync(s.out).ino };
    editRenshi(s);
    const result = await build({ contentDir: s.content, outDir: s.out, templatesDir: s.templates, cacheDir: s.cacheDir });
    expect(page('dangjian').ino).toBe(before.same.ino);
    expect(page('dangjian').mtimeMs).toBe(before.same.mtimeMs);
    expect(page('renshi').ino).not.toBe(before.edited.ino);
    expect(readFileSync(path.join(s.out, '2020/renshi/index.html'), 'utf8')).toContain('队伍建设加强');
    // The same folder, a handful of files written (the chapter's pages, its data and search index).
    expect(statSync(s.out).ino).toBe(before.folder);
    expect(result.written).toBeGreaterThan(0);
    expect(result.written).toBeLessThan(result.files / 2);
    expect(staging(s)).toEqual([]);
  });

  it('leaves the output untouched when a build fails while rendering', async () => {
    const s = setup();
    await buildWithCache(s);
    const before = listFiles(s.out).map((f) => [f, readFileSync(path.join(s.out, f), 'utf8')]);
    editRenshi(s);
    const template = path.join(s.templates, 'chapter.liquid');
    writeFileSync(template, `${readFileSync(template, 'utf8')}{{ no_such_value }}`);
    await expect(build({ contentDir: s.content, outDir: s.out, templatesDir: s.templates, cacheDir: s.cacheDir })).rejects.toThrow(/no_such_value/);
    expect(listFiles(s.out).map((f) => [f, readFileSync(path.join(s.out, f), 'utf8')])).toEqual(before);
    expect(staging(s)).toEqual([]);
  });

  it('builds the whole output afresh when the output folder was made anew since', async () => {
    const s = setup();
    await buildWithCache(s);
    rmSync(s.out, { recursive: true });
    editRenshi(s);
    await buildWithCache(s);
    await expectSameAsCold(s);
  });

  it('without the cache, stages the whole site and links the unchanged files to the current ones', async () => {
    const s = setup();
    const buildCold = () => build({ contentDir: s.content, outDir: s.out, templatesDir: s.templates, cacheDir: null });
    await buildCold();
    const page = (name: string) => statSync(path.join(s.out, `2020/${name}/index.html`));
    const before = { same: page('dangjian'), edited: page('renshi') };
    editRenshi(s);
    await buildCold();
    expect(page('dangjian').ino).toBe(before.same.ino);
    expect(page('renshi').ino).not.toBe(before.edited.ino);
    // The output before last is kept as the next staging folder, and never shares a changed file.
    expect(existsSync(sparePath(s.out))).toBe(true);
    expect(readFileSync(path.join(sparePath(s.out), '2020/renshi/index.html'), 'utf8')).not.toContain('队伍建设加强');
    expect(readFileSync(path.join(s.out, '2020/renshi/index.html'), 'utf8')).toContain('队伍建设加强');
  });

  it('repairs a spare folder someone changed, so the output is still exact', async () => {
    const s = setup();
    const buildCold = () => build({ contentDir: s.content, outDir: s.out, templatesDir: s.templates, cacheDir: null });
    await buildCold();
    await buildCold();
    const spare = sparePath(s.out);
    rmSync(path.join(spare, '2020/dangjian/index.html'));
    writeFileSync(path.join(spare, '2020/renshi/index.html'), 'tampered');
    writeFileSync(path.join(spare, 'stray.html'), 'left over');
    await buildCold();
    await expectSameAsCold(s);
  });
});

describe('volumes that did not change', () => {
  const front = 'title: 组织工作\nslug: zuzhi-gongzuo\ncategory: 政治';
  function twoVolumes() {
    const content = makeContent({
      '2020/volume.yml': VOLUME_2020,
      '2020/zuzhi-gongzuo.md': chapterFile(front, '## 党组织建设\n\n全年新发展党员2212人。\n'),
      '2020/renshi.md': chapter('人事工作', '2019年，人事工作有序开展。'),
      '2021/volume.yml': 'title: 中山年鉴\nedition: 2021\ncategories:\n  - 政治\n',
      '2021/zuzhi-gongzuo.md': chapterFile(front, '## 党组织建设\n\n全年新发展党员2500人。\n'),
      '2021/renshi.md': chapter('人事工作', '2020年，人事工作有序开展。'),
    });
    const work = path.dirname(content);
    return { content, work, templates: DEFAULT_TEMPLATES, cacheDir: path.join(work, 'cache'), out: path.join(work, 'dist') };
  }

  it('are not prepared again, nor even read: only the edited volume and the site-wide pages are', async () => {
    const s = twoVolumes();
    await buildWithCache(s);
    writeFileSync(path.join(s.content, '2021/renshi.md'), chapter('人事工作', '2020年，人事工作有序开展，队伍建设加强。'));
    const stats = await nextBuildStats(s);
    // Per script: the 2020 volume's volume, chapter, data, glossary and subject index pages are
    // known, and so is the site-wide subject index (no title changed); the 2021 volume's are
    // prepared again.
    expect(stats.volumeHits).toBe(2 * 5 + 2);
    expect(stats.volumeMisses).toBe(2 * 5);
    // 2020 is not parsed, and its chapters file is not even read.
    expect(stats.volumesRecalled).toBe(1);
    expect(stats.volumesRead).toBe(0);
    expect(stats.chapterHits + stats.chapterMisses).toBe(2);
  });

  it('are read again when a page of theirs must be made again, and give the same pages', async () => {
    const s = twoVolumes();
    await buildWithCache(s);
    // A new entry title changes the site-wide subject index, made from every volume's chapters.
    writeFileSync(path.join(s.content, '2021/renshi.md'), chapterFile('title: 人事工作\ncategory: 政治', '## 人事工作概况\n\n2020年，人事工作有序开展。\n\n## 队伍建设\n\n队伍建设加强。\n'));
    const stats = await nextBuildStats(s);
    expect(stats.volumesRecalled).toBe(1);
    expect(stats.volumesRead).toBe(1);
    await buildWithCache(s);
    expect(readFileSync(path.join(s.out, 'subject-index/index.html'), 'utf8')).toContain('队伍建设');
    await expectSameAsCold(s);
  });

  it('keep their parsed chapters where they are: only the edited volume\'s part of the cache is written', async () => {
    const s = twoVolumes();
    await buildWithCache(s);
    const parts = () => new Map(readdirSync(path.join(s.cacheDir, 'chapters')).map((n) => [n, statSync(path.join(s.cacheDir, 'chapters', n)).mtimeMs]));
    const before = parts();
    expect(before.size).toBe(2);
    writeFileSync(path.join(s.content, '2021/renshi.md'), chapter('人事工作', '2020年，人事工作有序开展，队伍建设加强。'));
    await buildWithCache(s);
    const after = parts();
    expect([...after.keys()]).toEqual([...before.keys()]);
    expect([...after].filter(([n, time]) => time !== before.get(n))).toHaveLength(1);
  });

  it('without search, give the pages made while the content is parsed as a cold build does', async () => {
    const s = twoVolumes();
    const stages: string[] = [];
    const noSearch = (outDir: string, cacheDir: string | null) =>
      build({ contentDir: s.content, outDir, templatesDir: s.templates, cacheDir, search: false, progress: (stage) => stages.push(stage) });
    expect((await noSearch(s.out, s.cacheDir)).diagnostics.hasErrors).toBe(false);
    // 2021 changes, 2020 is recalled: its own pages are remembered ones, made early all the same.
    writeFileSync(path.join(s.content, '2021/zuzhi-gongzuo.md'), chapterFile(front, '## 党组织建设\n\n全年新发展党员2600人。\n'));
    stages.length = 0;
    const warm = await noSearch(s.out, s.cacheDir);
    expect(warm.diagnostics.hasErrors).toBe(false);
    expect(stages.find((stage) => stage.startsWith('read and checked'))).toMatch(/made \d+ files of their volumes meanwhile/);
    expect(warm.written).toBeLessThan(warm.files / 2);
    const cold = path.join(s.work, 'cold');
    await noSearch(cold, null);
    expectSameTree(s.out, cold);
  });

  it('are prepared again when a figure of another year in their series changes', async () => {
    const s = twoVolumes();
    await buildWithCache(s);
    writeFileSync(path.join(s.content, '2021/zuzhi-gongzuo.md'), chapterFile(front, '## 党组织建设\n\n全年新发展党员2600人。\n'));
    const stats = await nextBuildStats(s);
    // The 2020 data pages show 2021's figure in the series: only they are prepared again in 2020
    // (so its chapters are read).
    expect(stats.volumeMisses).toBe(2 * 5 + 2);
    expect(stats.volumesRead).toBe(1);
    await buildWithCache(s);
    expect(readFileSync(path.join(s.out, '2020/zuzhi-gongzuo/data/index.html'), 'utf8')).toContain('2,600');
    await expectSameAsCold(s);
  });
});
