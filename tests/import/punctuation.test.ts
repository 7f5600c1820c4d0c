import { describe, expect, it } from 'vitest';
import { widenPunctuation } from '../../src/import/punctuation.ts';

const widen = (text: string) => widenPunctuation(text).text;

describe('widenPunctuation', () => {
  it('widens , ; : ( ) that stand next to Chinese text', () => {
    expect(widen('2019年,中共中山市委组织部(简称“市委组织部”)聚焦党建;“四个对照”:指对照')).toBe(
      '2019年，中共中山市委组织部（简称“市委组织部”）聚焦党建；“四个对照”：指对照',
    );
  });

  it('needs Chinese on one side only', () => {
    expect(widen('“三年行动计划”(2018—2020年)为抓手')).toBe('“三年行动计划”（2018—2020年）为抓手');
    expect(widen('增长319.8%,设置')).toBe('增长319.8%，设置');
  });

  it('leaves marks between Latin letters, digits and other marks as found', () => {
    for (const text of ['4~5层', '10:30开会', 'a,b;c:d(e)', 'http://example.org', '3.47万次', '(1)']) expect(widen(text)).toBe(text);
  });

  it('keeps a pair of parentheses matched', () => {
    expect(widen('条例(2019),中山')).toBe('条例（2019），中山');
    expect(widen('(2019)年')).toBe('（2019）年');
    expect(widen('条例（2019)')).toBe('条例（2019）');
    expect(widen('(A)(B)')).toBe('(A)(B)');
  });

  it('reads Han characters outside the Basic Multilingual Plane', () => {
    expect(widen('𠀀,a')).toBe('𠀀，a');
    expect(widen('a,𠀀')).toBe('a，𠀀');
  });

  it('reports each widened mark at its offset, and nothing for text that needs no change', () => {
    expect(widenPunctuation('中,文(A)').widened).toEqual([
      { offset: 1, mark: ',' },
      { offset: 3, mark: '(' },
      { offset: 5, mark: ')' },
    ]);
    expect(widenPunctuation('中文，（全角）').widened).toEqual([]);
  });
});
