// The search records and the keys of the per-volume bundles (no browser, no Pagefind run here
// except where a test says so).
import { gunzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { checkContent } from '../../src/build.ts';
import { bundleKey, pagefindVersion, searchParts, splitterRunning, startSearchIndex, volumeRecords, volumeWords, type SearchRecord } from '../../src/pages/search.ts';
import { INDEX_LANGUAGE, indexText } from '../../src/pages/search-text.ts';
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

  it('reach Pagefind split into words, as text of no language, white space as one space', async () => {
    const all = await volumes();
    const files = await (await startSearchIndex(all)).files;
    const text = (f: (typeof files)[number]) => Buffer.from(f.content as Uint8Array).toString();
    const fragments = files.filter((f) => f.path.includes('/fragment/')).map((f) => JSON.parse(gunzipSync(f.content as Uint8Array).toString().slice('pagefind_dcd'.length)) as { url: string; content: string });
    const records = all.flatMap(volumeRecords);
    expect(fragments.map((f) => f.url).sort()).toEqual(records.map((r) => r.url).sort());
    for (const fragment of fragments) {
      const record = records.find((r) => r.url === fragment.url)!;
      expect(fragment.content).toBe(indexText(record.content).replace(/\s+/g, ' '));
    }
    expect(files.filter((f) => f.path.endsWith('pagefind-entry.json')).map((f) => Object.keys((JSON.parse(text(f)) as { languages: object }).languages))).toEqual([[INDEX_LANGUAGE], [INDEX_LANGUAGE]]);
  });

  it('are split on this thread when the list is short, without starting the splitter\'s thread', async () => {
    const texts = ['中山市委组织部开展主题教育', '2019年，全市发展党员'];
    for (let i = 0; i < 3; i++) expect((await volumeWords(texts, null, null)).words).toEqual(texts.map(indexText));
    expect(splitterRunning()).toBe(false);
  });

  it('are split in a thread that ends once it has had nothing to split for a second, and starts again when needed', async () => {
    // More than a short list's 20,000 characters, which are split on this thread.
    const texts = Array.from({ length: 1_000 }, (_, i) => `中山市委组织部开展主题教育，2019年全市发展党员${i}名。`);
    const split = async () => expect((await volumeWords(texts, null, null)).words).toEqual(texts.map(indexText));
    // The process's first list is split on this thread; the thread takes the next ones.
    await split();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await split();
      expect(splitterRunning()).toBe(true);
      vi.advanceTimersByTime(900);
      // Asked again within the second: the thread stays, and its second starts anew.
      await split();
      vi.advanceTimersByTime(900);
      expect(splitterRunning()).toBe(true);
      vi.advanceTimersByTime(200);
      expect(splitterRunning()).toBe(false);
      await split();
      expect(splitterRunning()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
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
