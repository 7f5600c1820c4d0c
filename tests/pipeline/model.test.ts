// The site model as a build makes it: each volume is handed on (to the search index) as soon as it
// is parsed, and the event loop runs while the chapters are parsed.
import { describe, expect, it } from 'vitest';
import { checkContent } from '../../src/build.ts';
import { parseChapter, type ChapterParser } from '../../src/pipeline/model.ts';
import { chapterFile, makeContent } from '../support/content.ts';

const volume = (edition: number) => `title: 中山年鉴\nedition: ${edition}\ncategories:\n  - 政治\n`;
const chapter = (n: number) => chapterFile(`title: 工作${n}\nslug: work-${n}\ncategory: 政治`, `## 工作${n}概况\n\n2019年，工作${n}稳步推进。\n`);

function content(editions: number[], broken: number | null = null): string {
  const files: Record<string, string> = {};
  for (const edition of editions) {
    files[`${edition}/volume.yml`] = volume(edition);
    for (let n = 1; n <= 4; n++) files[`${edition}/work-${n}.md`] = edition === broken && n === 2 ? '---\ntitle: [不完整\n---\n\n正文\n' : chapter(n);
  }
  return makeContent(files);
}

describe('building the site model for a build', () => {
  it('hands on each volume whole as soon as it is parsed, and lets the event loop run meanwhile', async () => {
    const events: string[] = [];
    let scheduled = false;
    // A slow parser: 3 ms a chapter, so that parsing takes long enough to yield.
    const slow: ChapterParser = (source, context, diagnostics) => {
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => events.push('event loop'));
      }
      const until = performance.now() + 3;
      while (performance.now() < until);
      events.push(`parsed ${source.path.split('/').slice(-2).join('/')}`);
      return parseChapter(source, context, diagnostics);
    };
    const { site, diagnostics } = await checkContent(content([2019, 2020]), slow, null, (v) => {
      events.push(`volume ${v.edition} (${v.chapters.length} chapters)`);
    });
    expect(diagnostics.hasErrors).toBe(false);
    expect(site.volumes.map((v) => v.edition)).toEqual([2020, 2019]);
    expect(events.filter((e) => e.startsWith('volume'))).toEqual(['volume 2019 (4 chapters)', 'volume 2020 (4 chapters)']);
    // 2019 is handed on before any chapter of 2020 is parsed; the loop ran before the last chapter was.
    expect(events.indexOf('volume 2019 (4 chapters)')).toBeLessThan(events.indexOf('parsed 2020/work-1.md'));
    expect(events.indexOf('event loop')).toBeGreaterThan(-1);
    expect(events.indexOf('event loop')).toBeLessThan(events.indexOf('parsed 2020/work-4.md'));
  });

  it('hands on no volume once an error is found', async () => {
    const handed: number[] = [];
    const { diagnostics } = await checkContent(content([2018, 2019, 2020], 2019), parseChapter, null, (v) => handed.push(v.edition));
    expect(diagnostics.hasErrors).toBe(true);
    expect(handed).toEqual([2018]);
  });

  it('tells each volume of the site with its final title, and waits for what it returns', async () => {
    // No site.yml: the site takes the title of its newest volume, parsed last here.
    const files: Record<string, string> = {};
    for (const [edition, title] of [[2018, '中山年鉴（旧）'], [2020, '中山年鉴'], [2019, '中山年鉴（中）']] as const) {
      files[`${edition}/volume.yml`] = volume(edition).replace('中山年鉴', title);
      files[`${edition}/work-1.md`] = chapter(1);
    }
    const events: string[] = [];
    const slow: ChapterParser = (source, context, diagnostics) => {
      events.push(`parsed ${source.path.split('/').slice(-2).join('/')}`);
      return parseChapter(source, context, diagnostics);
    };
    const { site } = await checkContent(makeContent(files), slow, null, (v, partial) => {
      events.push(`volume ${v.edition} of ${partial.title}, ${partial.volumes.length} so far`);
      return new Promise((resolve) => setTimeout(resolve, 20)).then(() => events.push(`done with ${v.edition}`));
    });
    expect(site.title).toBe('中山年鉴');
    expect(events).toEqual([
      'parsed 2018/work-1.md',
      'volume 2018 of 中山年鉴, 1 so far',
      'done with 2018',
      'parsed 2019/work-1.md',
      'volume 2019 of 中山年鉴, 2 so far',
      'done with 2019',
      'parsed 2020/work-1.md',
      'volume 2020 of 中山年鉴, 3 so far',
      'done with 2020',
    ]);
  });

  it('reports a broken volume.yml once, where it did before, and leaves it out of the title', async () => {
    const dir = makeContent({
      '2019/volume.yml': volume(2019),
      '2019/work-1.md': chapter(1),
      '2021/volume.yml': 'title: [坏\nedition: 2021\n',
      '2021/work-1.md': chapter(1),
      '2020/volume.yml': volume(2020).replace('中山年鉴', '中山年鉴二〇二〇'),
      '2020/work-1.md': chapter(1),
      '2022/volume.yml': volume(2020).replace('中山年鉴', '重复的卷'),
    });
    const { site, diagnostics } = await checkContent(dir);
    expect(site.title).toBe('中山年鉴二〇二〇');
    const files = diagnostics.items.map((d) => d.file.split('/').slice(-2).join('/'));
    expect(files.filter((f) => f === '2021/volume.yml')).toHaveLength(1);
    expect(diagnostics.items.filter((d) => d.file.endsWith('2022/volume.yml')).map((d) => d.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('volume 2020 is already defined')]),
    );
  });

  it('makes the same model whether or not volumes are handed on', async () => {
    const dir = content([2019, 2020]);
    const plain = await checkContent(dir);
    const handedOn = await checkContent(dir, parseChapter, null, () => undefined);
    expect(JSON.stringify(handedOn.site)).toBe(JSON.stringify(plain.site));
    expect(handedOn.diagnostics.items).toEqual(plain.diagnostics.items);
  });
});
