// Our driver over OpenCC's tables gives exactly what opencc-js's own converter gives.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Converter, Locale, type DictLike } from 'opencc-js/cn2t';
import { openccConverter, runDictionaries, Table } from '../../src/pipeline/opencc.ts';
import { seeded } from '../support/random-markup.ts';

const reference = Converter({ from: 'cn', to: 'hk' });
const ours = openccConverter('s2hk');

/** Every (key, value) pair of the tables the Hong Kong converter is built from. */
function pairs(): [string, string][] {
  const config = Locale.configs.s2hk!;
  const dictionaries = [config.normalizationChain ?? [], config.segmentation, ...config.conversionChain].flat(2) as DictLike[];
  return dictionaries.flatMap((d) => (typeof d === 'string' ? d.split('|').map((line) => line.split(' ') as [string, string]) : (d as [string, string][])));
}

describe('openccConverter', () => {
  const table = pairs();

  it('converts every key and every value of the tables as opencc-js does', () => {
    expect(table.length).toBeGreaterThan(50_000);
    const texts = table.flatMap(([key, value]) => [key, value]);
    const differing = texts.filter((text) => ours(text) !== reference(text));
    expect(differing).toEqual([]);
    // Not trivially: most of them change.
    expect(texts.filter((text) => reference(text) !== text).length).toBeGreaterThan(30_000);
  });

  it('converts 3,000 random texts of phrases, characters, punctuation, ideographic description and astral characters as opencc-js does', () => {
    const random = seeded(20_201);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const extras = ['，', '。', ' ', 'a', '1', '\n', '⿰', '⿱', '⿲', '⿳', '⿻', '𠀀', '𫟼', '\u{2f800}', '\u{f900}', '“', '”', '\u0000', '干', '发', '后'];
    const texts = Array.from({ length: 3000 }, () => {
      let text = '';
      const parts = 1 + Math.floor(random() * 12);
      for (let i = 0; i < parts; i++) {
        const r = random();
        if (r < 0.4) text += pick(table)[0];
        else if (r < 0.6) text += pick(table)[1];
        else if (r < 0.8) text += pick(extras);
        // Half a phrase: where segments meet.
        else text += [...pick(table)[0]].slice(0, 1 + Math.floor(random() * 2)).join('');
      }
      return text;
    });
    const differing = texts.filter((text) => ours(text) !== reference(text));
    expect(differing).toEqual([]);
    expect(ours('')).toBe('');
    // Ideographic description sequences are stepped over whole, also when cut short.
    for (const text of ['⿰氵青干部', '⿲干发干部', '⿰', '干⿰', '⿰⿱干发后干部']) expect(ours(text)).toBe(reference(text));
    // ⿲ takes three: 干部 is cut, and its 干 kept.
    expect(ours('⿲干发干部')).toBe('⿲干发干部');
    expect(ours('⿰干发干部')).toBe('⿰干发幹部');
  });

  it('converts the real chapter as opencc-js does, and remembers nothing that changes a later result', () => {
    const chapter = readFileSync(new URL('../../content/2020/zuzhi-gongzuo.md', import.meta.url), 'utf8');
    expect(ours(chapter)).toBe(reference(chapter));
    // The same text twice, and its lines alone (short segments now remembered), give the same.
    expect(ours(chapter)).toBe(reference(chapter));
    for (const line of chapter.split('\n').slice(0, 400)) expect(ours(line)).toBe(reference(line));
    expect(ours('干部队伍建设')).toBe('幹部隊伍建設');
  });

  it('gives the same whether its tables grow as texts need them or are built whole first', () => {
    const texts = table.flatMap(([key, value]) => [key, value]);
    const expected = texts.map((text) => reference(text));
    // Built whole, as the writer's thread builds them while the content is read.
    const whole = openccConverter('s2hk', { whole: true });
    expect(texts.filter((text, i) => whole(text) !== expected[i])).toEqual([]);
    // Grown in another order than the test above grew them: the last phrase's first character first.
    const grown = openccConverter('s2hk');
    const differing: string[] = [];
    for (let i = texts.length - 1; i >= 0; i--) if (grown(texts[i]!) !== expected[i]) differing.push(texts[i]!);
    expect(differing).toEqual([]);
    // A text of phrases of many first characters at once, on a converter that has grown nothing yet.
    const chapter = readFileSync(new URL('../../content/2020/zuzhi-gongzuo.md', import.meta.url), 'utf8');
    expect(openccConverter('s2hk')(chapter)).toBe(reference(chapter));
  });

  it('grows a table as opencc-js builds it: the first dictionary of a group wins, and a later line of one dictionary', () => {
    const group = ['中 甲|中山 乙|中山 丙|𠀀 丁', '中 戊|中山市 己|山 庚'];
    const grown = new Table(group);
    expect(grown.convert('中山市中山中𠀀山')).toBe('己丙甲丁庚');
    const whole = new Table(group);
    whole.growAll();
    expect(whole.convert('中山市中山中𠀀山')).toBe('己丙甲丁庚');
    expect(() => new Table(['中 甲|山'])).toThrow(/bad dictionary entry "山"/);
  });

  it('converts long runs between phrases, character by character, as opencc-js does', () => {
    // Runs of more than a few characters are converted anew each time (not remembered), by the
    // chain with its first table's characters alone: characters of that table, mixed with phrases.
    const config = Locale.configs.s2hk!;
    const characters = (config.conversionChain[0]!.at(-1) as string).split('|').map((line) => line.split(' ')[0]!);
    const random = seeded(8_081);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const extras = ['，', '。', ' ', 'a', '⿰', '⿲', '𠀀', '\u{2f800}', '干', '发', '后', '的', '了'];
    const texts = Array.from({ length: 1000 }, () => {
      let text = '';
      const parts = 20 + Math.floor(random() * 40);
      for (let i = 0; i < parts; i++) {
        const r = random();
        if (r < 0.6) text += pick(characters);
        else if (r < 0.7) text += pick(table)[0];
        else if (r < 0.8) text += pick(table)[1];
        else text += pick(extras);
      }
      return text;
    });
    const differing = texts.filter((text) => ours(text) !== reference(text));
    expect(differing).toEqual([]);
    // Not trivially: the characters change.
    expect(texts.filter((text) => reference(text) !== text).length).toBeGreaterThan(900);
    const whole = openccConverter('s2hk', { whole: true });
    expect(texts.filter((text) => whole(text) !== reference(text))).toEqual([]);
  });

  it('converts runs by the characters of the first table alone only where the configuration allows it', () => {
    const config = Locale.configs.s2hk!;
    const segmentation = config.segmentation as string[];
    const first = config.conversionChain[0] as string[];
    // s2hk: the segmentation's STPhrases and TWPhrases, then STCharacters.
    expect(runDictionaries(segmentation, first)).toEqual([first.at(-1)]);
    // A phrase among the characters, or the segmentation's dictionaries not first: the whole table.
    expect(runDictionaries(['中山 甲'], ['中山 甲', '中 乙|山 丙'])).toEqual(['中 乙|山 丙']);
    expect(runDictionaries(['中山 甲'], ['中山 甲', '中 乙|山市 丙'])).toBeNull();
    expect(runDictionaries(['中山 甲'], ['中 乙|山 丙', '中山 甲'])).toBeNull();
    expect(runDictionaries(['中山 甲'], ['中山 甲'])).toBeNull();
    expect(runDictionaries(['中山 甲'], undefined)).toBeNull();
    // A character beyond the Basic Multilingual Plane is one character.
    expect(runDictionaries(['中山 甲'], ['中山 甲', '𠀀 丁|中 乙'])).toEqual(['𠀀 丁|中 乙']);
  });

  it('refuses a configuration OpenCC does not have', () => {
    expect(() => openccConverter('s2xx')).toThrow(/no configuration s2xx/);
  });
});
