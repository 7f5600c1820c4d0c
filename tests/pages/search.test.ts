// The search records and the keys of the per-volume bundles (no browser, no Pagefind run here
// except where a test says so).
import { describe, expect, it } from 'vitest';
import { checkContent } from '../../src/build.ts';
import { bundleKey, pagefindVersion, searchParts, volumeRecords, type SearchRecord } from '../../src/pages/search.ts';
import { makeContent, twoVolumes } from '../support/content.ts';

async function volumes() {
  const { site, diagnostics } = await checkContent(makeContent(twoVolumes()));
  expect(diagnostics.hasErrors).toBe(false);
  return site.volumes;
}

describe('search records', () => {
  it('are one per entry, in Simplified characters, linked from the site root to the entry', async () => {
    const [v2019] = (await volumes()).filter((v) => v.edition === 2019);
    const records = volumeRecords(v2019!);
    expect(records.map((r) => r.url)).toEqual(['2019/zuzhi-gongzuo/#人才发展', '2019/zuzhi-gongzuo/#基层党组织']);
    expect(records.every((r) => r.language === 'zh-cn')).toBe(true);
    expect(records[1]).toMatchObject({ meta: { title: '基层党组织', chapter: '组织工作 · 中山年鉴·2019' } });
    expect(records[1]!.content).toBe('基层党组织\n2018年，新建基层党组织15个，整顿软弱涣散党组织8个。');
  });

  it('go into one part per volume, the newest first and at the top of pagefind/', async () => {
    const parts = await searchParts(await volumes());
    expect(parts.map((p) => [p.edition, p.folder, p.records().length])).toEqual([
      [2020, '', 2],
      [2019, '2019/', 2],
    ]);
  });

  it('give an empty main part when no volume is published', async () => {
    const parts = await searchParts([]);
    expect(parts.map((p) => [p.edition, p.folder, p.records()])).toEqual([[null, '', []]]);
  });
});

describe('bundle keys', () => {
  const record = (url: string, content: string): SearchRecord => ({ url, content, language: 'zh-cn', meta: { title: url, chapter: '组织工作' } });
  const a = record('2020/a/#甲', '甲的内容');
  const b = record('2020/a/#乙', '乙的内容');

  it('are the same for the same records and Pagefind version', () => {
    expect(bundleKey([a, b], '1.6.0')).toBe(bundleKey([{ ...a }, { ...b }], '1.6.0'));
  });

  it('change with any indexed text, the order of the records, and the Pagefind version', () => {
    const key = bundleKey([a, b], '1.6.0');
    expect(bundleKey([a, { ...b, content: '乙的新内容' }], '1.6.0')).not.toBe(key);
    expect(bundleKey([a, { ...b, meta: { ...b.meta, title: '丙' } }], '1.6.0')).not.toBe(key);
    expect(bundleKey([b, a], '1.6.0')).not.toBe(key);
    expect(bundleKey([a], '1.6.0')).not.toBe(key);
    expect(bundleKey([a, b], '1.6.1')).not.toBe(key);
  });

  it('use the installed Pagefind version', async () => {
    expect(await pagefindVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
