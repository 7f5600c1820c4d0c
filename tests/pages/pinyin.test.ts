// Pinyin order and initial letters for the subject index and the glossary.
import { describe, expect, it } from 'vitest';
import { comparePinyin, groupByInitial, pinyinInitial } from '../../src/pages/pinyin.ts';

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
});
