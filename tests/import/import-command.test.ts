// `yearbook import` as editors run it: the seed through the real launcher in a subprocess, the
// other cases through the same entry point (main) in this process, with files in a temporary folder.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';
import { Diagnostics } from '../../src/diagnostics.ts';
import { parseChapter } from '../../src/pipeline/model.ts';
import type { Chapter } from '../../src/schema.ts';

const FIXTURES = 'tests/fixtures/import';
const SEED = `${FIXTURES}/seed.txt`;
const CONTENT_CHAPTER = 'content/2020/zuzhi-gongzuo.md';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** bin/yearbook.js in a child process, as an editor runs it. */
async function yearbookProcess(...args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', ['src/bin/yearbook.js', ...args], { encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as Result;
    return { code, stdout, stderr };
  }
}

/** The CLI's entry point in this process, with its output captured. */
async function yearbook(...args: string[]): Promise<Result> {
  const output = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
      output[stream] += String(chunk);
      return true;
    });
  const spies = [capture('stdout'), capture('stderr')];
  try {
    return { code: await main(args), ...output };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

/** The chapter as the site reads it, failing on any problem the parser reports. */
function readChapter(text: string, file = 'x.md'): Chapter {
  const diagnostics = new Diagnostics();
  const chapter = parseChapter({ path: file, absolute: path.resolve(file), text }, { config: { title: '中山年鉴', edition: 2020, categories: ['政治'] }, file: 'volume.yml' }, diagnostics);
  expect(diagnostics.items).toEqual([]);
  return chapter!.record;
}

/** Entries, sub-entries, sidebars and see-references, one line each. */
function outline(record: Chapter): string[] {
  return record.entries.flatMap((e) => [
    `${e.kind} ${e.title}${e.see ? ` → ${e.see.category}/${e.see.section}` : ''}`,
    ...e.subentries.map((s) => `  ** ${s.title}`),
    ...e.sidebars.map((s) => `  ::: ${s.title}: ${s.items.map((i) => i.term).join(', ')}${s.paragraphs.length ? ` + ${s.paragraphs.length} paragraph` : ''}`),
  ]);
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'yearbook-import-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('yearbook import on the seed', () => {
  it('makes exactly the chapter in content/ of the seed', async () => {
    const result = await yearbookProcess('import', SEED, '--slug', 'zuzhi-gongzuo', '--category', '政治');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(await readFile(CONTENT_CHAPTER, 'utf8'));
    expect(result.stderr).toContain('8 entries, 14 sub-entries, 1 sidebar, 29 repairs');
  });

  it('reports every repair and every dropped page field at its line, then a summary', async () => {
    const { stderr } = await yearbook('import', SEED);
    const lines = stderr.trimEnd().split('\n');
    const summary = lines.pop();
    for (const line of lines) expect(line).toMatch(/^tests\/fixtures\/import\/seed\.txt:\d+:\d+ /);
    expect(lines).toHaveLength(32);
    expect(lines).toContain(
      'tests/fixtures/import/seed.txt:22:1 条目标题缺少“【”，已补上：【“不忘初心、牢记使命”主题教育】 (restored the missing opening 【 of the entry title “不忘初心、牢记使命”主题教育)',
    );
    expect(lines).toContain('tests/fixtures/import/seed.txt:66:1 条目标题缺少“【”，已补上：【2019年中山人才节】 (restored the missing opening 【 of the entry title 2019年中山人才节)');
    expect(lines).toContain('tests/fixtures/import/seed.txt:4:15 半角标点改为全角 23 处 (widened 23 half-width punctuation marks next to Chinese text: "," ×17, "(" ×3, ")" ×3)');
    expect(lines.filter((l) => l.includes(' info: '))).toHaveLength(3);
    expect(summary).toBe(
      'yearbook import: tests/fixtures/import/seed.txt → stdout: 8 个条目，14 个子条目，1 个资料链接，修复 29 处 (8 entries, 14 sub-entries, 1 sidebar, 29 repairs)',
    );
  });

  it('keeps the chapter in content/ as the site reads it', async () => {
    const record = readChapter(await readFile(CONTENT_CHAPTER, 'utf8'), CONTENT_CHAPTER);
    expect(record).toMatchObject({ title: '组织工作', slug: 'zuzhi-gongzuo', category: '政治', author: ['黄春明'], compiler: '中山年鉴编纂委员会', source: '《中山年鉴·2020》' });
    expect(record.entries.map((e) => e.kind)).toEqual(['overview', 'entry', 'entry', 'see', 'entry', 'entry', 'entry', 'entry']);
    expect(record.entries.flatMap((e) => e.subentries)).toHaveLength(14);
    expect(record.entries.flatMap((e) => e.sidebars).map((s) => s.items.map((i) => i.term))).toEqual([['四个对照', '四个找一找']]);
    expect(record.entries[3]!.see).toEqual({ category: '市情概览', section: '政治建设' });
  });
});

describe('yearbook import --out', () => {
  it('creates volume.yml in a new volume folder, and the result passes yearbook check', async () => {
    const out = path.join(tmp, 'new', '2020', 'zuzhi-gongzuo.md');
    const result = await yearbook('import', SEED, '--out', out, '--category', '政治');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('created');
    expect(await readFile(path.join(tmp, 'new', '2020', 'volume.yml'), 'utf8')).toBe(
      '# 《中山年鉴·2020》: the 2020 volume records the year 2019.\ntitle: 中山年鉴\nedition: 2020\nyear: 2019\ncategories:\n  - 政治\n',
    );
    const check = await yearbook('check', '--content', path.join(tmp, 'new'));
    // No errors; the editor warnings (a long entry title, a see-stub to a chapter not imported) may remain.
    expect(check.stderr).toMatch(/checked 1 volume, 1 chapter, (no problems|\d+ 个警告 \(\d+ warnings?\)) in/);
    expect(check.code).toBe(0);
  });

  it('never replaces an existing file without --force', async () => {
    const out = path.join(tmp, 'existing', '2020', 'chapter.md');
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, 'an editor’s work\n');
    const refused = await yearbook('import', SEED, '--out', out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('add --force to replace it');
    expect(await readFile(out, 'utf8')).toBe('an editor’s work\n');
    expect(existsSync(path.join(path.dirname(out), 'volume.yml'))).toBe(false);

    const forced = await yearbook('import', SEED, '--out', out, '--force');
    expect(forced.code).toBe(0);
    expect(await readFile(out, 'utf8')).toContain('## 组织工作概况');
  });

  it('leaves an existing volume.yml as it is, and says when the category is missing from it', async () => {
    const dir = path.join(tmp, 'volume', '2020');
    await mkdir(dir, { recursive: true });
    const volume = 'title: 中山年鉴\nedition: 2020\ncategories:\n  - 市情概览\n';
    await writeFile(path.join(dir, 'volume.yml'), volume);
    const result = await yearbook('import', SEED, '--out', path.join(dir, 'zuzhi-gongzuo.md'), '--category', '政治');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: 类目“政治”不在 categories 中');
    expect(await readFile(path.join(dir, 'volume.yml'), 'utf8')).toBe(volume);
  });
});

describe('yearbook import --strict', () => {
  it('refuses a page that needs repairs and writes nothing', async () => {
    const out = path.join(tmp, 'strict', '2020', 'zuzhi-gongzuo.md');
    const result = await yearbook('import', SEED, '--strict', '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--strict: 源文本需要修复 29 处，未写入 (the text needs 29 repairs; nothing was written)');
    expect(existsSync(path.dirname(out))).toBe(false);
  });

  it('accepts a page that needs none', async () => {
    const result = await yearbook('import', `${FIXTURES}/full-width.txt`, '--strict');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('0 repairs');
  });
});

/** Source text without what is not content (title line, metadata, signature, footer, box marker), in a comparable form. */
function sourceSkeleton(raw: string): string {
  const lines = raw.replace(/^\ufeff/, '').split(/\r?\n/);
  const isFooter = (l: string) => /^(上一篇|下一篇)/.test(l) || l.includes('【关闭窗口】');
  const kept = lines.filter((l) => l.trim() && !isFooter(l));
  kept.shift(); // the title line
  kept.pop(); // the signature
  return skeleton(kept.filter((l) => !/^【(作者|文章来源|发布时间)】/.test(l) && !l.includes('·资料链接·')).join('\n'));
}

/** The chapter body without its Markdown syntax, in the same form. */
function markdownSkeleton(markdown: string): string {
  const body = markdown.slice(markdown.indexOf('\n---\n') + 5);
  return skeleton(
    body
      .split('\n')
      .filter((l) => !/^:::/.test(l))
      .join('\n')
      .replace(/^## /gm, '')
      .replace(/\*\*(?!\\)/g, '')
      .replace(/\\(.)/g, '$1'),
  );
}

/** Widths of , ; : ( ) and all spacing and 【】 set aside: what remains must be the same. */
function skeleton(text: string): string {
  const half: Record<string, string> = { '，': ',', '；': ';', '：': ':', '（': '(', '）': ')' };
  return text.replace(/[，；：（）]/g, (m) => half[m]!).replace(/[\s【】]/g, '');
}

describe('yearbook import on pages that differ from the seed', () => {
  const variants: [file: string, title: string, author: string[], outline: string[]][] = [
    ['lost-brackets.txt', '宣传工作', ['李志强'], ['overview 宣传工作概况', 'entry “不忘初心、牢记使命”主题宣传', 'entry 理论武装']],
    ['metadata-footer.txt', '档案工作', ['王建华'], ['overview 档案工作概况', 'entry 档案信息化']],
    ['ideographic-indent.txt', '党史研究', ['刘慧敏'], ['overview 党史研究概况', '  ** 党史编撰', '  ** 党史宣传', 'entry 党史资料征集']],
    ['no-separators.txt', '统一战线', ['张国栋'], ['overview 统一战线工作概况', '  ** 民主党派工作', '  ::: 资料链接: 大统战', 'entry 民族宗教工作']],
    ['sidebar-colons.txt', '组织工作', ['黄春明'], ['entry 党员教育', '  ::: 资料链接: 三会一课, 主题党日 + 1 paragraph']],
    ['see-stubs.txt', '政治建设', ['陈晓梅'], ['overview 政治建设概况', 'see 主题教育 → 政治/组织工作', 'see 大学习大培训 → 市情概览/政治建设']],
    ['several-names.txt', '工会工作', ['张三', '李四'], ['overview 工会工作概况']],
    ['crlf.txt', '共青团工作', ['李志强'], ['overview 共青团工作概况', '  ** 青年志愿服务']],
    ['bom.txt', '妇女工作', ['陈晓梅'], ['overview 妇女工作概况']],
    ['no-final-newline.txt', '信访工作', ['王建华'], ['overview 信访工作概况']],
    ['markdown-syntax.txt', '机构编制', ['刘慧敏'], ['overview 机构编制概况']],
    ['full-width.txt', '老干部工作', ['刘慧敏'], ['overview 老干部工作概况', '  ** 组织学习活动']],
    ['seed.txt', '组织工作', ['黄春明'], expect.any(Array) as unknown as string[]],
  ];
  const content = () => path.join(tmp, 'variants');
  const chapterFile = (file: string) => path.join(content(), '2020', file.replace(/\.txt$/, '.md'));

  beforeAll(async () => {
    for (const [file] of variants) {
      const result = await yearbook('import', `${FIXTURES}/${file}`, '--category', '政治', '--out', chapterFile(file));
      expect(result.code, result.stderr).toBe(0);
    }
  });

  it('writes chapters that yearbook check accepts without a problem', async () => {
    const check = await yearbook('check', '--content', content());
    // No errors; the editor warnings (a long entry title, see-stubs to chapters not imported) may remain.
    expect(check.stderr).toMatch(new RegExp(`checked 1 volume, ${variants.length} chapters, (no problems|\\d+ 个警告 \\(\\d+ warnings?\\)) in`));
    expect(check.code).toBe(0);
  });

  it.each(variants)('reads %s', async (file, title, author, expected) => {
    const record = readChapter(await readFile(chapterFile(file), 'utf8'));
    expect(record).toMatchObject({ title, author, compiler: '中山年鉴编纂委员会', source: '《中山年鉴·2020》' });
    expect(outline(record)).toEqual(expected);
  });

  it.each(variants)('changes nothing in the text of %s but the width of , ; : ( )', async (file) => {
    const raw = await readFile(`${FIXTURES}/${file}`, 'utf8');
    expect(markdownSkeleton(await readFile(chapterFile(file), 'utf8'))).toBe(sourceSkeleton(raw));
  });

  it('keeps characters that Markdown reads as syntax as text', async () => {
    const record = readChapter(await readFile(chapterFile('markdown-syntax.txt'), 'utf8'));
    expect(record.entries[0]!.paragraphs).toEqual([
      '2019年，市委编办核定编制*以2019年12月31日为准*，印发文件[2019]3号。',
      '1. 调整机构_编制_，涉及单位<20家 & R&amp;D岗位。',
      '# 不是标题 ，而是正文。',
      '- 也不是列表。',
      '::: tip 也不是资料链接。',
    ]);
  });
});

describe('yearbook import refuses what is not a chapter', () => {
  it.for<[string, string]>([
    ['empty.txt', 'empty.txt:1:1 文件是空的'],
    ['blank.txt', 'blank.txt:1:1 文件里只有空白'],
    ['binary.bin', 'binary.bin:1:1 这不是文本文件：第 9 个字节是 0x00'],
    ['gbk.txt', 'gbk.txt:1:1 文件不是 UTF-8 编码'],
    ['no-entries.txt', 'no-entries.txt:1:1 没有找到条目'],
  ])('%s', async ([file, message]) => {
    const out = path.join(tmp, 'refused', file.replace(/\.\w+$/, '.md'));
    const result = await yearbook('import', `${FIXTURES}/${file}`, '--out', out);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`tests/fixtures/import/${message}`);
    expect(result.stderr).toContain('is not a chapter page; nothing was written');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
});

describe('yearbook import usage', () => {
  it.for<[string[], string]>([
    [[], 'give exactly one text file'],
    [[SEED, '--slug', 'Zuzhi Gongzuo'], 'bad slug'],
    [[SEED, '--out', 'chapter.txt'], 'a chapter file ends in .md'],
    [[SEED, '--category', ' '], '--category is empty'],
    [['no-such-file.txt'], 'cannot read no-such-file.txt'],
    [[SEED, '--unknown'], "Unknown option '--unknown'"],
  ])('%j is a usage error', async ([args, message]) => {
    const result = await yearbook('import', ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
