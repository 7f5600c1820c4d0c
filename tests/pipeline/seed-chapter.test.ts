// The real chapter 组织工作(2019) of 《中山年鉴·2020》, parsed into its typed record.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkContent } from '../../src/build.ts';
import { ChapterSchema, type Chapter } from '../../src/schema.ts';
import { ROOT } from '../support/cli.ts';

let chapter: Chapter;

beforeAll(async () => {
  const { diagnostics, site } = await checkContent(path.join(ROOT, 'content'));
  expect(diagnostics.errors).toEqual([]);
  const volume = site.volumes.find((v) => v.edition === 2020)!;
  chapter = volume.chapters.find((c) => c.record.slug === 'zuzhi-gongzuo')!.record;
});

describe('the seed chapter', () => {
  it('is a valid record with its volume filled in', () => {
    expect(ChapterSchema.parse(chapter)).toEqual(chapter);
    expect(chapter).toMatchObject({
      yearbook: '中山年鉴',
      edition: 2020,
      year: 2019,
      title: '组织工作',
      slug: 'zuzhi-gongzuo',
      category: '政治',
      author: ['黄春明'],
      compiler: '中山年鉴编纂委员会',
      source: '《中山年鉴·2020》',
      draft: false,
    });
  });

  it('has the 8 entries in order, with their kinds', () => {
    expect(chapter.entries.map((e) => [e.title, e.kind])).toEqual([
      ['组织工作概况', 'overview'],
      ['党组织建设', 'entry'],
      ['“不忘初心、牢记使命”主题教育', 'entry'],
      ['习近平新时代中国特色社会主义思想大学习大培训', 'see'],
      ['干部队伍建设', 'entry'],
      ['公务员管理', 'entry'],
      ['人才工作', 'entry'],
      ['2019年中山人才节', 'entry'],
    ]);
  });

  it('has the 14 sub-entries under their entries', () => {
    const counts = chapter.entries.map((e) => e.subentries.length);
    expect(counts).toEqual([0, 5, 0, 0, 0, 0, 6, 3]);
    expect(chapter.entries[1]!.subentries[0]).toMatchObject({
      title: '落实党建主体责任',
      text: expect.stringMatching(/^研究制定市委党的建设工作领导小组/),
    });
    expect(chapter.entries[6]!.subentries.map((s) => s.title)).toContain('“雏鹰归巢”育才计划启动');
    expect(chapter.entries[7]!.subentries.map((s) => s.title)).toEqual(['人才发展高峰论坛', '人才·产业·项目对接活动', '组团镇区人才活动']);
  });

  it('keeps follow-on paragraphs of an entry without sub-entries as paragraphs', () => {
    const education = chapter.entries[2]!;
    expect(education.paragraphs).toHaveLength(4);
    expect(education.paragraphs[1]).toMatch(/^市委常委会开展第一议题学习76次/);
  });

  it('attaches the 资料链接 sidebar with its 2 items, terms without quotes', () => {
    const education = chapter.entries[2]!;
    expect(education.sidebars).toHaveLength(1);
    expect(education.sidebars[0]!.title).toBe('资料链接');
    expect(education.sidebars[0]!.items.map((i) => i.term)).toEqual(['四个对照', '四个找一找']);
    expect(education.sidebars[0]!.items[0]!.definition).toMatch(/^指对照新时代中国特色社会主义思想/);
    expect(chapter.entries.filter((e) => e.sidebars.length > 0)).toHaveLength(1);
  });

  it('reads the see-stub target', () => {
    const stub = chapter.entries[3]!;
    expect(stub.see).toEqual({ category: '市情概览', section: '政治建设' });
    expect(chapter.entries.filter((e) => e.kind !== 'see').every((e) => e.see === null)).toBe(true);
  });

  it('gives every entry and sub-entry a readable, unique id', () => {
    const ids = chapter.entries.flatMap((e) => [e.id, ...e.subentries.map((s) => s.id)]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(chapter.entries[0]!.id).toBe('组织工作概况');
    expect(chapter.entries[2]!.id).toBe('不忘初心-牢记使命-主题教育');
    for (const id of ids) expect(id).toMatch(/^[\p{L}\p{N}-]+$/u);
  });

  it('records the text as found, punctuation in full width', () => {
    const overview = chapter.entries[0]!.paragraphs[0]!;
    expect(overview).toMatch(/^2019年，中共中山市委组织部（简称“市委组织部”）聚焦党建/);
    expect(overview).toMatch(/市委组织部驻东区松苑路1号市委大楼4~5层。$/);
    const all = JSON.stringify(chapter.entries);
    expect(all).not.toMatch(/[\p{Script=Han}][,;:()]|[,;:()][\p{Script=Han}]/u);
  });
});
