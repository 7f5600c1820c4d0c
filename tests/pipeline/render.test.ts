// The renderer: templates escape by default, fail on typos, and name the template in errors.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, checkContent, DEFAULT_TEMPLATES } from '../../src/build.ts';
import { BuildError } from '../../src/diagnostics.ts';
import { forWriter, isVolumeLocal, PAGES_AT_ONCE, renderBatches, Renderer, renderSite, resolveFile, SharedAcrossScripts, VolumesMadeEarly, whenHashed, type Generator, type PageFile, type RenderMemo, type SiteContext } from '../../src/pipeline/render.ts';
import { pageGenerators, siteFileGenerators } from '../../src/pages/index.ts';
import { SIMPLIFIED, TRADITIONAL, traditionalHtml, type UnconvertedPage } from '../../src/pipeline/traditional.ts';
import { contentHash } from '../../src/pipeline/write.ts';
import { chapterFile, makeContent, twoVolumes, VOLUME_2019, VOLUME_2020 } from '../support/content.ts';

function templatesWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'yearbook-templates-'));
  cpSync(DEFAULT_TEMPLATES, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function errorOf(fn: () => unknown): BuildError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BuildError) return error;
    throw error;
  }
  throw new Error('expected a BuildError');
}

describe('Renderer', () => {
  it('without a memo, leaves a page in Traditional to convert, to the same bytes as a memo would get', () => {
    const templates = templatesWith({ 'probe.liquid': '<html lang="zh-CN"><p>{{ text }}</p></html>' });
    const page = new Renderer(templates).render('probe', { text: '组织工作' }, TRADITIONAL);
    expect(page).toEqual({ lang: TRADITIONAL.lang, simplified: '<html lang="zh-CN"><p>组织工作</p></html>' });
    const converted = resolveFile({ path: 'hant/index.html', content: page }).content;
    expect(converted).toBe('<html lang="zh-Hant-HK"><p>組織工作</p></html>');
    const memo: RenderMemo = { render: (_name, _data, render) => render() };
    expect(new Renderer(templates, memo).render('probe', { text: '组织工作' }, TRADITIONAL)).toBe(converted);
    expect(new Renderer(templates).render('probe', { text: '组织工作' }, SIMPLIFIED)).toBe('<html lang="zh-CN"><p>组织工作</p></html>');
  });

  it('escapes output by default', () => {
    const renderer = new Renderer(templatesWith({ 'probe.liquid': '<p>{{ text }}</p>' }));
    expect(renderer.render('probe', { text: '<script>alert("x")</script>' })).toBe('<p>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</p>');
  });

  it('reports a misspelt variable with the template file, line and column', () => {
    const renderer = new Renderer(templatesWith({ 'probe.liquid': 'line one\n<p>{{ titel }}</p>' }));
    const error = errorOf(() => renderer.render('probe', { title: '甲' }));
    expect(error.diagnostics[0]).toMatchObject({ line: 2, column: 7 });
    expect(error.diagnostics[0]!.file).toMatch(/probe\.liquid$/);
    expect(error.diagnostics[0]!.message).toMatch(/undefined variable: titel/);
  });

  it('reports a broken template when it is loaded, naming the file', () => {
    const error = errorOf(() => new Renderer(templatesWith({ 'probe.liquid': '{% if x %}\n<p>never closed</p>' })));
    expect(error.diagnostics[0]!.file).toMatch(/probe\.liquid$/);
    expect(error.diagnostics[0]!.message).toMatch(/template error.*not closed/);
  });

  it('reports an unknown filter', () => {
    const error = errorOf(() => new Renderer(templatesWith({ 'probe.liquid': '{{ x | shout }}' })));
    expect(error.diagnostics[0]!.message).toMatch(/undefined filter: shout/);
  });
});

describe('forWriter', () => {
  const simplified = '<html lang="zh-CN"><head><title>组织工作</title></head><body><p>党员发展工作</p></body></html>';
  /** A batch of each kind of page: bytes, remembered (held by the output or not), and unconverted with its hash wanted. */
  function batch(): { files: PageFile[]; unconverted: UnconvertedPage; hashes: string[]; rendered: string[] } {
    const hashes: string[] = [];
    const rendered: string[] = [];
    const unconverted: UnconvertedPage = { lang: TRADITIONAL.lang, simplified };
    whenHashed(unconverted, (hash) => hashes.push(hash));
    const remembered = (name: string) => ({ hash: `hash-${name}`, render: () => (rendered.push(name), `<p>${name}</p>`) });
    const files: PageFile[] = [
      { path: 'index.html', content: simplified },
      { path: 'held/index.html', content: remembered('held') },
      { path: 'gone/index.html', content: remembered('gone') },
      { path: 'hant/index.html', content: unconverted },
    ];
    return { files, unconverted, hashes, rendered };
  }
  const holds = (file: string, hash: string) => file === 'held/index.html' && hash === 'hash-held';

  it('leaves a page to convert to the writer\'s thread, with who waits for its hash, while the writer keeps up', () => {
    const { files, unconverted, hashes, rendered } = batch();
    const { kept, fresh, wanted } = forWriter(files, holds, false);
    expect(kept).toEqual(['held/index.html']);
    expect(fresh).toEqual([
      { path: 'index.html', content: simplified },
      { path: 'gone/index.html', content: '<p>gone</p>' },
      { path: 'hant/index.html', content: unconverted },
    ]);
    // Only the page the output does not hold is rendered again.
    expect(rendered).toEqual(['gone']);
    expect([...wanted.keys()]).toEqual(['hant/index.html']);
    expect(hashes).toEqual([]);
    wanted.get('hant/index.html')!('from the writer');
    expect(hashes).toEqual(['from the writer']);
  });

  it('converts the page on this thread when the writer has fallen behind, and gives its hash at once', () => {
    const { files, hashes } = batch();
    const { kept, fresh, wanted } = forWriter(files, holds, true);
    const traditional = traditionalHtml(simplified);
    expect(traditional).toContain('黨員發展工作');
    expect(kept).toEqual(['held/index.html']);
    expect(fresh.map((f) => f.path)).toEqual(['index.html', 'gone/index.html', 'hant/index.html']);
    expect(fresh[2]!.content).toBe(traditional);
    expect(wanted.size).toBe(0);
    expect(hashes).toEqual([contentHash(traditional)]);
  });
});

describe('renderBatches', () => {
  it('makes each batch in both scripts before the next when the pages are converted later, and gives the site files every path, Simplified first', async () => {
    const { site } = await checkContent(makeContent(twoVolumes()));
    const made: string[] = [];
    const page = (path: string) => [{ path, content: 'x' }];
    const generators: Generator[] = [
      (context) => (made.push(`home ${context.script.lang}`), page('index.html')),
      { name: 'volume', pages: (context, volume) => (made.push(`volume ${volume.edition} ${context.script.lang}`), page(`${volume.edition}/index.html`)) },
    ];
    let sitePaths: string[] = [];
    const siteFiles = (_context: unknown, paths: string[]) => ((sitePaths = paths), page('sitemap.xml'));
    const batches = [...renderBatches(site, new Renderer(DEFAULT_TEMPLATES), generators, {}, [siteFiles])];
    // The Traditional pages are converted after they are made (by the writer's thread, in a build
    // without the cache): taking turns spreads that over the whole rendering.
    const { lang: hans } = SIMPLIFIED;
    const { lang: hant } = TRADITIONAL;
    expect(made).toEqual([`home ${hans}`, `home ${hant}`, `volume 2020 ${hans}`, `volume 2020 ${hant}`, `volume 2019 ${hans}`, `volume 2019 ${hant}`]);
    expect(batches.map((batch) => batch.map((f) => f.path))).toEqual([
      ['index.html'],
      ['hant/index.html'],
      ['2020/index.html'],
      ['hant/2020/index.html'],
      ['2019/index.html'],
      ['hant/2019/index.html'],
      ['sitemap.xml'],
    ]);
    // In the order of the pages in each script, as the sitemap lists them.
    const inOrder = ['index.html', '2020/index.html', '2019/index.html', 'hant/index.html', 'hant/2020/index.html', 'hant/2019/index.html'];
    expect(sitePaths).toEqual(inOrder);
    // A renderer that converts its pages itself (with a memo) makes one script after the other.
    made.length = 0;
    const memo: RenderMemo = { render: (_name, _data, render) => render() };
    const converting = [...renderBatches(site, new Renderer(DEFAULT_TEMPLATES, memo), generators, {}, [siteFiles])];
    expect(made).toEqual([`home ${hans}`, `volume 2020 ${hans}`, `volume 2019 ${hans}`, `home ${hant}`, `volume 2020 ${hant}`, `volume 2019 ${hant}`]);
    expect(converting.map((batch) => batch.map((f) => f.path))).toEqual([...inOrder.map((p) => [p]), ['sitemap.xml']]);
    expect(sitePaths).toEqual(inOrder);
  });
});

describe('VolumesMadeEarly', () => {
  // Three volumes, a draft among them, one figure reported by all three (a series on the data
  // pages), and a site with an address (sitemap and feed list every page).
  function threeVolumes(): string {
    const files: Record<string, string> = { 'site.yml': 'title: 中山年鉴\nurl: https://example.org/nianjian\n' };
    for (const [edition, members] of [[2018, 1980], [2019, 2105], [2020, 2212]] as const) {
      files[`${edition}/volume.yml`] = `title: 中山年鉴\nedition: ${edition}\ncategories:\n  - 政治\n`;
      files[`${edition}/zuzhi.md`] = chapterFile(`title: 组织工作\nslug: zuzhi\ncategory: 政治`, `## 党员队伍\n\n${edition - 1}年，全市发展党员${members}人，干部理了头发参加培训。\n`);
      files[`${edition}/rencai.md`] = chapterFile(`title: 人才工作\nslug: rencai\ncategory: 政治${edition === 2019 ? '\ndraft: true' : ''}`, `## 人才引进\n\n${edition - 1}年，引进人才${members - 1000}名。\n`);
    }
    return makeContent(files);
  }

  it('makes each volume\'s own pages as it is parsed, and with the rest the same site as made at once', async () => {
    const dir = threeVolumes();
    const whole = await checkContent(dir);
    const atOnce = renderSite(whole.site, new Renderer(DEFAULT_TEMPLATES), pageGenerators, {}, siteFileGenerators);

    const renderer = new Renderer(DEFAULT_TEMPLATES);
    const early = new VolumesMadeEarly(renderer, pageGenerators);
    const madeWhileParsing: PageFile[] = [];
    const parsedBefore: number[] = [];
    const { site } = await checkContent(dir, undefined, null, (volume, partial) => {
      parsedBefore.push(partial.volumes.length);
      for (const batch of early.volume(partial, volume)) madeWhileParsing.push(...batch);
    });
    expect(parsedBefore).toEqual([1, 2, 3]);
    const rest = [...renderBatches(site, renderer, pageGenerators, {}, siteFileGenerators, early)].flat();
    const files = [...madeWhileParsing, ...rest].map(resolveFile);

    // Nothing made twice, nothing missing, every byte the same.
    expect(files.map((f) => f.path).sort()).toEqual(atOnce.map((f) => f.path).sort());
    const bytes = new Map(atOnce.map((f) => [f.path, f.content]));
    for (const file of files) expect(file.content, file.path).toEqual(bytes.get(file.path));
    // The early pages are the chapter pages (the draft left out), not the data pages, which show
    // the other volumes' figures; the sitemap lists both.
    const early2018 = madeWhileParsing.map((f) => f.path).filter((p) => p.includes('2018/'));
    expect(early2018).toEqual(expect.arrayContaining(['2018/zuzhi/index.html', 'hant/2018/zuzhi/index.html', '2018/index.html']));
    expect(madeWhileParsing.some((f) => f.path.includes('/data/'))).toBe(false);
    expect(madeWhileParsing.some((f) => f.path.includes('2019/rencai/'))).toBe(false);
    const sitemap = String(files.find((f) => f.path === 'sitemap.xml')!.content);
    expect(sitemap).toContain('https://example.org/nianjian/2018/zuzhi/');
    expect(sitemap).toContain('https://example.org/nianjian/hant/2018/zuzhi/data/');
    expect(pageGenerators.filter(isVolumeLocal).length).toBeGreaterThan(0);
  });

  it('refuses to go on when the site\'s title changes after its pages were made', async () => {
    const { site } = await checkContent(threeVolumes());
    const early = new VolumesMadeEarly(new Renderer(DEFAULT_TEMPLATES), pageGenerators);
    [...early.volume(site, site.volumes[0]!)];
    expect(() => [...renderBatches({ ...site, title: '另一部年鉴' }, new Renderer(DEFAULT_TEMPLATES), pageGenerators, {}, [], early)]).toThrow(/site changed/);
  });
});

describe('renderBatches, pages made one by one', () => {
  it('hands them on a few at a time, makes them only as they are taken, and a volume in one script before the other', async () => {
    const { site } = await checkContent(makeContent(twoVolumes()));
    const count = PAGES_AT_ONCE * 2 + 1;
    let made = 0;
    const generators: Generator[] = [
      {
        name: 'one by one',
        *pages(_context, volume) {
          for (let i = 0; i < count; i++) {
            made++;
            yield { path: `${volume.edition}/${i}.html`, content: 'x' };
          }
        },
      },
      { name: 'all at once', pages: (_context, volume) => Array.from({ length: count }, (_, i) => ({ path: `${volume.edition}/all-${i}.html`, content: 'x' })) },
    ];
    const batches = renderBatches(site, new Renderer(DEFAULT_TEMPLATES), generators)[Symbol.iterator]();
    const first = batches.next();
    if (first.done) throw new Error('no batch');
    expect(first.value.map((f) => f.path)).toEqual(Array.from({ length: PAGES_AT_ONCE }, (_, i) => `2020/${i}.html`));
    // Nothing is made ahead of what was taken: the pages of a batch handed on can be collected young.
    expect(made).toBe(PAGES_AT_ONCE);
    const all = [first.value];
    for (let step = batches.next(); !step.done; step = batches.next()) all.push(step.value);
    const shape = all.map((batch) => `${batch[0]!.path} ×${batch.length}`);
    const oneByOne = (prefix: string) => [`${prefix}0.html ×${PAGES_AT_ONCE}`, `${prefix}${PAGES_AT_ONCE}.html ×${PAGES_AT_ONCE}`, `${prefix}${PAGES_AT_ONCE * 2}.html ×1`];
    expect(shape).toEqual([
      // The pages of one volume in one script, then in the other (SharedAcrossScripts relies on it).
      ...oneByOne('2020/'),
      ...oneByOne('hant/2020/'),
      ...oneByOne('2019/'),
      ...oneByOne('hant/2019/'),
      // Pages made all at once go on as they are.
      `2020/all-0.html ×${count}`,
      `hant/2020/all-0.html ×${count}`,
      `2019/all-0.html ×${count}`,
      `hant/2019/all-0.html ×${count}`,
    ]);
    expect(made).toBe(count * 4);
  });
});

describe('SharedAcrossScripts', () => {
  it('keeps a value for the other script of the same volume, and drops it at the next volume or build', async () => {
    const { site } = await checkContent(makeContent(twoVolumes()));
    const [v2020, v2019] = site.volumes as [SiteContext['volumes'][number], SiteContext['volumes'][number]];
    const build1 = { volumes: site.volumes } as SiteContext;
    const build2 = { volumes: [...site.volumes] } as SiteContext;
    const shared = new SharedAcrossScripts<string, object>();
    let made = 0;
    const make = () => ({ made: ++made });
    const first = shared.get(build1, v2020, 'rows', make);
    expect(shared.get(build1, v2020, 'rows', make)).toBe(first);
    expect(shared.get(build1, v2020, 'other', make)).not.toBe(first);
    expect(shared.get(build2, v2020, 'rows', make)).not.toBe(first);
    shared.get(build1, v2019, 'rows', make);
    expect(shared.get(build1, v2020, 'rows', make)).not.toBe(first);
    expect(made).toBe(5);
  });

  it('links the terms of each volume\'s chapters to that volume\'s glossary, and indexes each volume apart, in both scripts', async () => {
    const chapter = '## 组织生活\n\n全年落实三会一课制度。\n\n:::sidebar[资料链接]\n\n**“三会一课”**：指定期召开支部党员大会、支部委员会和党小组会，按时上好党课。\n\n:::\n';
    const front = 'title: 组织工作\nslug: zuzhi-gongzuo\ncategory: 政治';
    const content = makeContent({
      '2019/volume.yml': VOLUME_2019,
      '2019/zuzhi-gongzuo.md': chapterFile(front, chapter),
      '2020/volume.yml': VOLUME_2020,
      '2020/zuzhi-gongzuo.md': chapterFile(front, chapter),
    });
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-render-')), 'site');
    const result = await build({ contentDir: content, outDir: out, templatesDir: DEFAULT_TEMPLATES });
    expect(result.diagnostics.errors).toEqual([]);
    for (const edition of [2019, 2020]) {
      for (const prefix of ['', 'hant/']) {
        const page = readFileSync(path.join(out, `${prefix}${edition}/zuzhi-gongzuo/index.html`), 'utf8');
        const hrefs = [...page.matchAll(/<a class="term" href="([^"]*)"/g)].map((m) => m[1]!.replace(/#.*/, ''));
        expect(hrefs.length, `${prefix}${edition}`).toBeGreaterThan(0);
        expect(new Set(hrefs), `${prefix}${edition}`).toEqual(new Set([`../../${edition}/glossary/`]));
        // The volume's subject index links only into its own volume; the site's into both.
        const index = readFileSync(path.join(out, `${prefix}${edition}/subject-index/index.html`), 'utf8');
        const targets = new Set([...index.matchAll(/<a href="\.\.\/\.\.\/(\d{4})\/zuzhi-gongzuo\//g)].map((m) => m[1]));
        expect(targets, `${prefix}${edition}/subject-index/`).toEqual(new Set([String(edition)]));
      }
    }
    for (const prefix of ['', 'hant/']) {
      const index = readFileSync(path.join(out, `${prefix}subject-index/index.html`), 'utf8');
      const targets = new Set([...index.matchAll(/<a href="\.\.\/(\d{4})\/zuzhi-gongzuo\//g)].map((m) => m[1]));
      expect(targets, `${prefix}subject-index/`).toEqual(new Set(['2019', '2020']));
    }
  });
});
