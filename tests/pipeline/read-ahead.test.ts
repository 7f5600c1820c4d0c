// The chapters read by a thread of their own come out as reading them here does, volume by volume.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, checkContent, DEFAULT_TEMPLATES } from '../../src/build.ts';
import { Diagnostics } from '../../src/diagnostics.ts';
import { loadContent, type ContentSource } from '../../src/pipeline/load.ts';
import { READ_AHEAD_FROM, ReadAhead } from '../../src/pipeline/read-ahead.ts';
import { chapterFile, makeContent, VOLUME_2019, VOLUME_2020 } from '../support/content.ts';

const body = (n: number) => `## 条目${n}\n\n2019年，全市发展党员${n}人。\n`;

function files(): Record<string, string | Uint8Array> {
  const gbk = Buffer.concat([Buffer.from('---\ntitle: 甲\n---\n\n## 条目\n\n'), Buffer.from([0xd5, 0xfd, 0xce, 0xc4])]);
  const all: Record<string, string | Uint8Array> = {
    'site.yml': 'title: 中山年鉴\n',
    '2019/volume.yml': VOLUME_2019,
    '2020/volume.yml': VOLUME_2020,
    // Not UTF-8: reported at its first bad byte, either way.
    '2020/gbk.md': gbk,
    // A byte-order mark is not text.
    '2020/bom.md': `\ufeff${chapterFile('title: 乙\ncategory: 政治', body(0))}`,
    // Neither chapters nor volumes.
    '2020/.hidden.md': chapterFile('title: 丙', body(0)),
    '2020/notes.txt': '备忘',
    '_drafts/volume.yml': VOLUME_2020,
    '_drafts/a.md': chapterFile('title: 丁', body(0)),
    '.git/a.md': 'x',
  };
  for (let n = 1; n <= 30; n++) all[`${n % 2 ? 2019 : 2020}/chapter-${String(n).padStart(2, '0')}.md`] = chapterFile(`title: 第${n}篇\ncategory: 政治`, body(n));
  return all;
}

/** Everything loadContent gives, once every volume's chapters are read, and what it reported. */
async function loaded(content: string, ahead: ReadAhead | null) {
  const diagnostics = new Diagnostics();
  const source: ContentSource = await loadContent(content, diagnostics, null, ahead);
  await Promise.all(source.volumes.map((v) => v.ready));
  return {
    site: source.site,
    volumes: source.volumes.map(({ name, dir, config, chapters }) => ({ name, dir, config, chapters: chapters.map((c) => ({ ...c })) })),
    diagnostics: diagnostics.sorted(),
  };
}

describe('ReadAhead', () => {
  it('gives the content reading it here gives: texts, hashes, order and the same problems', async () => {
    const content = makeContent(files());
    const ahead = ReadAhead.start(content);
    const read = await loaded(content, ahead);
    const here = await loaded(content, null);
    expect(read).toEqual(here);
    expect(read.volumes.map((v) => [v.name, v.chapters.length])).toEqual([
      ['2019', 15],
      ['2020', 16],
    ]);
    expect(read.volumes[1]!.chapters.find((c) => c.path.endsWith('bom.md'))!.text.startsWith('---')).toBe(true);
    expect(read.diagnostics).toHaveLength(1);
    expect(read.diagnostics[0]).toMatchObject({ line: 7, column: 1 });
    expect(read.diagnostics[0]!.message).toMatch(/not UTF-8/);
  });

  it('hands each volume over as it is read: the content comes back before its chapters', async () => {
    const content = makeContent(files());
    const ahead = ReadAhead.start(content);
    const source = await loadContent(content, new Diagnostics(), null, ahead);
    expect(source.volumes.every((v) => v.ready instanceof Promise)).toBe(true);
    await source.volumes[0]!.ready;
    expect(source.volumes[0]!.chapters).toHaveLength(15);
    await source.volumes[1]!.ready;
    expect(source.volumes[1]!.chapters).toHaveLength(16);
    // Read here, the chapters are there at once.
    const here = await loadContent(content, new Diagnostics());
    expect(here.volumes.map((v) => [v.ready, v.chapters.length])).toEqual([
      [undefined, 15],
      [undefined, 16],
    ]);
  });

  it('reads here what its thread did not read: a file added after it listed, or everything once it is ended', async () => {
    const content = makeContent(files());
    const ahead = ReadAhead.start(content);
    // Once this is known, the thread has listed and read the 2020 volume.
    expect(await ahead.file(path.join(content, '2020', 'chapter-02.md'))).toMatchObject({ text: expect.stringContaining('第2篇') });
    expect(await ahead.file(path.join(content, '2020', 'added.md'))).toBeNull();
    writeFileSync(path.join(content, '2020', 'added.md'), chapterFile('title: 新增\ncategory: 政治', body(99)));
    rmSync(path.join(content, '2019', 'chapter-01.md'));
    const read = await loaded(content, ahead);
    expect(read).toEqual(await loaded(content, null));
    expect(read.volumes[1]!.chapters.map((c) => path.basename(c.path))).toContain('added.md');
    // A file it read that is gone by now is still what it read (as if read a moment earlier).
    expect(read.volumes[0]!.chapters.map((c) => path.basename(c.path))).not.toContain('chapter-01.md');

    const ended = ReadAhead.start(content);
    await ended.close();
    expect(await ended.file(path.join(content, '2020', 'chapter-02.md'))).toBeNull();
    expect(await loaded(content, ended)).toEqual(await loaded(content, null));
  });

  it('pays from enough chapters: counted in the volume folders, not the others', () => {
    const content = makeContent(files());
    // 32 chapter files in 2019/ and 2020/, the GBK one too (not .hidden.md, notes.txt, or those
    // under _drafts/ and .git/).
    expect(ReadAhead.pays(content, 32)).toBe(true);
    expect(ReadAhead.pays(content, 33)).toBe(false);
    expect(ReadAhead.pays(content)).toBe(false);
    expect(ReadAhead.pays(path.join(content, 'missing'), 1)).toBe(false);
    const many: Record<string, string> = { '2020/volume.yml': VOLUME_2020 };
    for (let n = 0; n < READ_AHEAD_FROM; n++) many[`2020/c${n}.md`] = chapterFile(`title: 第${n}篇`, body(n));
    expect(ReadAhead.pays(makeContent(many))).toBe(true);
  });

  it('is for the content folder it reads, and only without an index of files read before', async () => {
    const content = makeContent(files());
    const other = makeContent(files());
    const ahead = ReadAhead.start(content);
    await expect(loadContent(other, new Diagnostics(), null, ahead)).rejects.toThrow(/same content folder/);
    const index = { known: () => null, remember: () => undefined };
    await expect(loadContent(content, new Diagnostics(), index, ahead)).rejects.toThrow(/without an index/);
    await ahead.close();
  });

  it('checks the content alike whether the model is built in one go or volume by volume', async () => {
    const content = makeContent(files());
    const strip = (checked: Awaited<ReturnType<typeof checkContent>>) => ({
      diagnostics: checked.diagnostics.sorted(),
      chapters: checked.site.volumes.map((v) => v.chapters.map((c) => [c.record.slug, c.record.title, c.record.entries.length])),
    });
    const here = strip(await checkContent(content));
    expect(here.chapters.flat()).toHaveLength(31);
    expect(strip(await checkContent(content, undefined, null, undefined, ReadAhead.start(content)))).toEqual(here);
    const told: string[] = [];
    const yielding = await checkContent(content, undefined, null, (volume) => void told.push(String(volume.edition)), ReadAhead.start(content));
    expect(strip(yielding)).toEqual(here);
    // The GBK file is an error: no volume after it is told (whether 2019 was depends on when 2020 was read).
    expect(told).not.toContain('2020');
    // Without it, each volume is told in turn, parsed as soon as its chapters are read.
    rmSync(path.join(content, '2020', 'gbk.md'));
    const good: string[] = [];
    const checked = await checkContent(content, undefined, null, (volume) => void good.push(String(volume.edition)), ReadAhead.start(content));
    expect(checked.diagnostics.hasErrors).toBe(false);
    expect(good).toEqual(['2019', '2020']);
    expect(strip(checked)).toEqual(strip(await checkContent(content)));
  });

  it('is what a build without the cache reads, and the site it writes is the one reading here gives', async () => {
    // Enough chapters to be read ahead, in three volumes.
    const many: Record<string, string> = { '2018/volume.yml': VOLUME_2019.replace('2019', '2018'), '2019/volume.yml': VOLUME_2019, '2020/volume.yml': VOLUME_2020 };
    for (let n = 0; n < READ_AHEAD_FROM; n++) many[`${2018 + (n % 3)}/c${String(n).padStart(3, '0')}.md`] = chapterFile(`title: 第${n}篇\ncategory: 政治`, body(n));
    const content = makeContent(many);
    expect(ReadAhead.pays(content)).toBe(true);
    const root = mkdtempSync(path.join(tmpdir(), 'yearbook-read-ahead-'));
    const site = async (name: string, cacheDir: string | null) => {
      const outDir = path.join(root, name);
      const result = await build({ contentDir: content, outDir, templatesDir: DEFAULT_TEMPLATES, search: false, cacheDir });
      expect(result.diagnostics.errors).toEqual([]);
      expect(result.chapters).toBe(READ_AHEAD_FROM);
      const files = (readdirSync(outDir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[]).filter((e) => e.isFile()).map((e) => path.relative(outDir, path.join(e.parentPath, e.name))).sort();
      return new Map(files.map((file) => [file, readFileSync(path.join(outDir, file), 'utf8')]));
    };
    // Without the cache the chapters are read ahead; with it (its first build) they are read here.
    const ahead = await site('ahead', null);
    const here = await site('here', path.join(root, 'cache'));
    expect([...ahead.keys()]).toEqual([...here.keys()]);
    expect([...ahead].filter(([file, text]) => here.get(file) !== text).map(([file]) => file)).toEqual([]);
    expect(ahead.size).toBeGreaterThan(3 * READ_AHEAD_FROM);
  }, 60_000);
});
