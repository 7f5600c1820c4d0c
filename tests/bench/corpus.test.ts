// The bench's corpus: written once per generator and size, kept between benches, and put back
// as it was after the warm runs edit it.
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusStamp, disambiguateTitles, makeCorpus, withEditedChapter } from './corpus.ts';

/** A stand-in for make-corpus.mjs: N chapters in two volumes, each with one repeated entry title. */
const GENERATOR = `import fs from 'node:fs';
const [n, out] = [Number(process.argv[2]), process.argv[3]];
fs.rmSync(out, { recursive: true, force: true });
for (let i = 0; i < n; i++) {
  const dir = out + '/' + (2019 + (i % 2));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(dir + '/chapter-' + i + '.md', '---\\ntitle: 第' + i + '章\\n---\\n\\n## 概况\\n\\n正文。\\n\\n## 概况\\n\\n又一条。\\n');
}
console.log(n + ' chapters');
`;

const MARK = '\n<!-- touched by the test -->\n';

function setUp() {
  const root = mkdtempSync(path.join(tmpdir(), 'yearbook-corpus-'));
  const script = path.join(root, 'make-corpus.mjs');
  writeFileSync(script, GENERATOR);
  return { script, dir: path.join(root, 'content') };
}

describe('makeCorpus', () => {
  it('writes the corpus with repeated entry titles renamed, and keeps it for the same generator and size', () => {
    const { script, dir } = setUp();
    const first = makeCorpus(3, dir, script);
    expect(first).toEqual({ summary: '3 chapters', renamed: 3, files: [0, 2, 1].map((i) => path.join(dir, String(2019 + (i % 2)), `chapter-${i}.md`)) });
    expect(readFileSync(first.files[0]!, 'utf8')).toContain('## 概况（二）');
    // A mark the generator does not write: still there if the corpus is kept, gone if it is written anew.
    appendFileSync(first.files[0]!, MARK);
    expect(makeCorpus(3, dir, script)).toEqual(first);
    expect(readFileSync(first.files[0]!, 'utf8')).toContain(MARK);
  });

  it('writes it anew for another size or another generator', () => {
    const { script, dir } = setUp();
    const file = makeCorpus(3, dir, script).files[0]!;
    appendFileSync(file, MARK);
    expect(makeCorpus(4, dir, script).files).toHaveLength(4);
    expect(readFileSync(file, 'utf8')).not.toContain(MARK);
    appendFileSync(file, MARK);
    appendFileSync(script, '// changed\n');
    expect(makeCorpus(4, dir, script).files).toHaveLength(4);
    expect(readFileSync(file, 'utf8')).not.toContain(MARK);
  });

  it('puts an edited chapter back, and a corpus left edited is not taken for the original', () => {
    const { script, dir } = setUp();
    const { files } = makeCorpus(2, dir, script);
    const file = files[0]!;
    const original = readFileSync(file, 'utf8');
    const stamp = corpusStamp(dir);
    withEditedChapter(dir, file, () => {
      appendFileSync(file, '本条目于基准测试第 1 次修改。\n');
      // Meanwhile (and if the run stopped here) the corpus is not known: the next bench writes it anew.
      expect(corpusStamp(dir)).toBeNull();
    });
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(corpusStamp(dir)).toBe(stamp);
  });
});

describe('disambiguateTitles', () => {
  it('numbers the second and later uses of an entry title in a chapter', () => {
    expect(disambiguateTitles('## 甲\n\n## 乙\n\n## 甲\n\n## 甲\n')).toEqual({ text: '## 甲\n\n## 乙\n\n## 甲（二）\n\n## 甲（三）\n', renamed: 2 });
  });
});
