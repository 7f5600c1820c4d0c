// Pinyin order and initial letters for the subject index and the glossary.
import { describe, expect, it } from 'vitest';
import { comparePinyin, groupByInitial, pinyinInitial } from '../../src/pages/pinyin.ts';
import { seeded } from '../support/random-markup.ts';

describe('pinyin initials', () => {
  it.each([
    ['阿里', 'A'], ['昂扬', 'A'], ['八一', 'B'], ['簿记', 'B'], ['党员', 'D'], ['横栏镇', 'H'], ['机构', 'J'],
    ['人才工作', 'R'], ['三会一课', 'S'], ['市委组织部', 'S'], ['习近平', 'X'], ['中山', 'Z'], ['组织', 'Z'],
    ['哦', 'O'], ['区域', 'Q'], ['瀑布', 'P'], ['挖掘', 'W'], ['压力', 'Y'], ['做好', 'Z'],
  ])('%s starts with %s', (term, letter) => {
    expect(pinyinInitial(term)).toBe(letter);
  });

  it('ignores leading quotes and book-title marks', () => {
    expect(pinyinInitial('“不忘初心、牢记使命”主题教育')).toBe('B');
    expect(pinyinInitial('《关于实施横栏镇人才优先发展战略的若干措施》')).toBe('G');
  });

  it('puts Latin letters under their letter and digits under #', () => {
    expect(pinyinInitial('5G 基站')).toBe('#');
    expect(pinyinInitial('2019年中山人才节')).toBe('#');
    expect(pinyinInitial('ai 产业')).toBe('A');
  });
});

describe('pinyin order', () => {
  it('sorts by reading, not by code point', () => {
    expect(['中山', '党员', '阿里', '人才', '三会一课'].sort(comparePinyin)).toEqual(['阿里', '党员', '人才', '三会一课', '中山']);
  });

  it('groups A–Z then #', () => {
    const groups = groupByInitial(['组织', '2019年', '党建', '“不忘初心”', '董事'], (s) => s);
    expect(groups.map((g) => [g.letter, g.items])).toEqual([
      ['B', ['“不忘初心”']],
      ['D', ['党建', '董事']],
      ['Z', ['组织']],
      ['#', ['2019年']],
    ]);
    expect(groups.map((g) => g.id)).toEqual(['letter-B', 'letter-D', 'letter-Z', 'letter-other']);
  });

  it('orders repeated labels as comparing every pair of items would, then by the tie-break, keeping the given order last', () => {
    const random = seeded(77);
    const labels = ['Café', 'Cafe\u0301', '党建', '“党建”', '《党建》', '党员', '组织', '组织工作', 'Zhongshan', 'zhongshan', '2019年', '２０１９年', '人才', '人材', '三会一课', '阿里'];
    const items = Array.from({ length: 3000 }, (_, n) => ({ n, label: labels[Math.floor(random() * labels.length)]!, kind: Math.floor(random() * 3) }));
    const tieBreak = (a: { kind: number }, b: { kind: number }) => a.kind - b.kind;
    const groups = groupByInitial(items, (item) => item.label, tieBreak);
    // What comparing labels at every step gives: sort key, then label, then tie-break; a stable sort.
    const collator = new Intl.Collator('zh-u-co-pinyin');
    const key = (label: string) => label.replace(/^[^\p{L}\p{N}]+/u, '');
    const expected = [...items].sort((a, b) => collator.compare(key(a.label), key(b.label)) || collator.compare(a.label, b.label) || tieBreak(a, b));
    const letterOrder = groups.map((g) => g.letter);
    const byLetter = (item: { label: string }) => letterOrder.indexOf(pinyinInitial(item.label));
    expect(groups.flatMap((g) => g.items)).toEqual([...expected].sort((a, b) => byLetter(a) - byLetter(b)));
    expect(groups.reduce((n, g) => n + g.items.length, 0)).toBe(3000);
  });
});
