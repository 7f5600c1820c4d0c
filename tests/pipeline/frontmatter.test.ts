// Front matter of the simplest shape is read without the full YAML parser: whatever the short
// reader takes, it must read exactly as the full parser does, value and place.
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { ChapterFrontMatterSchema } from '../../src/schema.ts';
import { Diagnostics } from '../../src/diagnostics.ts';
import { parseYaml, simpleYaml } from '../../src/pipeline/frontmatter.ts';
import { seeded } from '../support/random-markup.ts';

/** What the full parser reads: the value, and the line and column of each field's value. */
function fullRead(text: string) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) return { errors: true as const };
  const positions: Record<string, { line: number; column: number }> = {};
  let first: { line: number; column: number } | null = null;
  if (isMap(doc.contents)) {
    const start = lineCounter.linePos(doc.contents.range![0]);
    first = { line: start.line, column: start.col };
    for (const pair of doc.contents.items) {
      const range = (pair.value as { range?: [number, number, number] } | null)?.range;
      if (isScalar(pair.key) && range) {
        const p = lineCounter.linePos(range[0]);
        positions[String(pair.key.value)] = { line: p.line, column: p.col };
      }
    }
  }
  return { value: doc.toJS() as unknown, positions, first };
}

function shortRead(text: string) {
  const simple = simpleYaml(text);
  return simple && { value: simple.value, positions: Object.fromEntries(simple.positions), first: simple.first };
}

describe('simpleYaml', () => {
  it('reads the usual chapter front matter, with the place of each value (YAML 1.2: yes is text)', () => {
    const text = '\ntitle: 组织工作(2019)\nslug: zuzhi-gongzuo\ncategory: 政治\norder: 3\nauthor: 黄春明\ndraft: false\n';
    expect(shortRead(text)).toEqual({
      value: { title: '组织工作(2019)', slug: 'zuzhi-gongzuo', category: '政治', order: 3, author: '黄春明', draft: false },
      positions: {
        title: { line: 2, column: 8 },
        slug: { line: 3, column: 7 },
        category: { line: 4, column: 11 },
        order: { line: 5, column: 8 },
        author: { line: 6, column: 9 },
        draft: { line: 7, column: 8 },
      },
      first: { line: 2, column: 1 },
    });
    expect(simpleYaml('draft: yes')?.value).toEqual({ draft: 'yes' });
  });

  it('leaves to the full parser whatever is not of the simplest shape', () => {
    for (const text of [
      '',
      '\n\n',
      'title: "组织工作"',
      "title: '组织工作'",
      'title: 组织工作 # note',
      'title: a: b',
      'title: 组织工作 ',
      'title:\t组织工作',
      'title: 组织工作\r',
      'title:',
      'title: 2019年组织工作',
      'order: 03',
      'order: 1.5',
      'order: -1',
      'order: .inf',
      'draft: True',
      'draft: ~',
      'title: null',
      'author: [黄春明, 李明]',
      'author:\n  - 黄春明',
      'title: a\ntitle: b',
      '# comment\ntitle: a',
      'title: a\n  b',
      'Title: a',
      'title: !tag a',
      'title: &anchor a',
      'title: *anchor',
      'title: |\n  a',
      'title: >\n  a',
      '---\ntitle: a',
      'title: a\u2028b',
      'title: \u3000组织',
      'date: 2019-12-31',
    ]) {
      expect(simpleYaml(text), JSON.stringify(text)).toBeNull();
    }
  });

  it('reads 5,000 random front matters exactly as the full parser does, whenever it reads one', () => {
    const random = seeded(4_242);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const keys = ['title', 'slug', 'category', 'order', 'author', 'draft', 'source', 'x', 'constructor', 'toString'];
    const values = [
      '组织工作', 'zuzhi-gongzuo', '3', '0', '12', '007', '1.5', '-2', '+3', 'true', 'false', 'True', 'null', '~', 'yes',
      '“不忘初心”主题', '组织工作(2019)', 'a:b', 'a: b', 'C#', 'a #b', '[1, 2]', '{a: 1}', '"q"', "'q'", '《中山年鉴·2020》',
      '𠀀字', '!x', '&a', '*a', '|', '>', '%x', '@x', '`x`', '.5', '.inf', 'a,b', 'a]', '中山市委组织部, 中山市人才办',
      '2019-12-31', '0x1f', '0o17', '1e3', 'NaN', 'a\tb', ' 组织', '组织 ', '', '-', '- a', '?', '? a', 'a - b', 'a ? b',
    ];
    let read = 0;
    for (let n = 0; n < 5000; n++) {
      const lines: string[] = [''];
      const count = Math.floor(random() * 6);
      for (let i = 0; i < count; i++) {
        const r = random();
        if (r < 0.08) lines.push('');
        else lines.push(`${pick(keys)}:${' '.repeat(1 + Math.floor(random() * 2))}${pick(values)}`);
      }
      const text = lines.join('\n') + (random() < 0.5 ? '\n' : '');
      const short = shortRead(text);
      if (short === null) continue;
      read++;
      const full = fullRead(text);
      expect(full, JSON.stringify(text)).toEqual(short);
    }
    // Not vacuous: many of them were read.
    expect(read).toBeGreaterThan(300);
  });
});

describe('parseYaml', () => {
  it('reports the same problem at the same place whichever reader read the front matter', () => {
    // A valid shape with a value the schema refuses: the full parser tells where.
    const diagnostics = new Diagnostics();
    const result = parseYaml('a.md', '\ntitle: 组织工作\nslug: Bad_Slug\n', 1, ChapterFrontMatterSchema, diagnostics);
    expect(result.data).toBeNull();
    expect(diagnostics.items.map((d) => `${d.line}:${d.column} ${d.message.slice(0, 12)}`)).toEqual(['3:7 网址名 slug 只能用']);
  });

  it('gives the place of each field, and of the first field for one that is missing', () => {
    const diagnostics = new Diagnostics();
    const result = parseYaml('a.md', '\ntitle: 组织工作\nslug: zuzhi\n', 5, ChapterFrontMatterSchema, diagnostics);
    expect(result.data).toEqual({ title: '组织工作', slug: 'zuzhi' });
    expect(result.positionOf('slug')).toEqual({ line: 7, column: 7 });
    expect(result.positionOf('category')).toEqual({ line: 6, column: 1 });
    expect(diagnostics.items).toEqual([]);
  });
});
