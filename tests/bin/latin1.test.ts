// The bundle's source made Latin-1 only (src/bin/latin1.js): the escaped code must mean the same.
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { latin1Only } from '../../src/bin/latin1.js';

/** The value of `code` as it is and as latin1Only writes it, and the written code. */
function both(code: string): { before: unknown; after: unknown; escaped: string } {
  const escaped = latin1Only(code);
  return { before: runInNewContext(code), after: runInNewContext(escaped), escaped };
}

describe('latin1Only', () => {
  it.each([
    ['a string', `'中山' + "年鉴"`],
    ['a template', '`${2020}年 “中山”`'],
    ['a regular expression', String.raw`[/[第A-Za-z0-9._\-]/u.test('第'), /左右|以上/uy.exec('以上')?.[0], '全年全市'.replace(/^(全年|全市)/u, '')]`],
    ['a character beyond the BMP in a class range, under the u flag', String.raw`[/^[𠀀-𠀂]$/u.test('𠀁'), /^.$/u.test('𠀁'), '𠀁'.length]`],
    ['the same without the u flag', String.raw`[/^𠀁$/.test('𠀁'), /𠀁/.exec('a𠀁')?.index]`],
    ['an identity escape', String.raw`['\一', /\一/.test('一')]`],
    ['an escaped backslash before the character', String.raw`['\\一', '\\\一']`],
    ['an identifier and a comment', `// 注释：“中山”\nconst 年 = 2019; /* 年鉴 */ 年 + 1`],
  ])('keeps the meaning of %s', (_, code) => {
    const { before, after, escaped } = both(code);
    expect(after).toEqual(before);
    expect(escaped).toMatch(/^[\0-\xff]*$/);
  });

  it('leaves code with a line or paragraph separator as it is (it ends a comment there)', () => {
    const code = '// 注释\u2028 "中山"';
    expect(runInNewContext(code)).toBe('中山');
    expect(latin1Only(code)).toBe(code);
  });

  it('leaves Latin-1 code as it is', () => {
    const code = `const café = 'à la carte'; /é/.test(café)`;
    expect(latin1Only(code)).toBe(code);
  });
});
