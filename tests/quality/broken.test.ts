// Broken content (tests/fixtures/broken/, and very large or deeply nested text made here):
// `check` and `build` exit 1 with every problem as `path:line:col message` in plain words,
// never a stack trace, never a hang, and the previous output is left as it was.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.ts';
import { chapterFile, VOLUME_2020 } from '../support/content.ts';
import { listFiles } from '../support/site.ts';

const BROKEN = 'tests/fixtures/broken';

/** Each fixture and the problems it must report: `path:line:col` and the start of the message. */
const CASES: Record<string, [string, string][]> = {
  'broken-yaml': [['2020/zuzhi.md:3:1', 'YAML 格式错误 (broken YAML:']],
  'missing-title': [['2020/zuzhi.md:2:1', '缺少必填字段 title(标题) (missing required field "title")']],
  'mistyped-field': [
    ['2020/zuzhi.md:2:1', '缺少必填字段 title(标题)'],
    ['2020/zuzhi.md:2:1', '未知字段 titel (unknown field "titel"; did you mean "title"?)'],
  ],
  'wrong-type': [
    ['2020/zuzhi.md:3:8', '字段 order 的值不对'],
    ['2020/zuzhi.md:4:8', '字段 draft 的值不对 (field "draft": expected true or false, found the text "是")'],
    ['2020/zuzhi.md:5:9', '字段 author 的值不对 (field "author": must not be an empty list)'],
  ],
  'bad-slug': [['2020/zuzhi.md:3:7', '网址名 slug 只能用小写英文字母、数字和连字符']],
  'unknown-category': [['2020/zuzhi.md:3:11', '类目“经济”不在']],
  'duplicate-slug': [['2020/b.md:3:7', '网址名“zuzhi-gongzuo”与']],
  'duplicate-entry-title': [['2020/zuzhi.md:13:1', '条目标题“党组织建设”与第 5 行重复']],
  'unclosed-sidebar': [
    ['2020/zuzhi.md:9:1', '资料链接没有结束'],
    ['2020/zuzhi.md:13:1', '资料链接里不能有条目标题'],
  ],
  'no-entries': [['2020/zuzhi.md:4:1', '这一章没有条目']],
  'not-utf8': [['2020/zuzhi.md:2:8', '文件不是 UTF-8 编码，请用 UTF-8 另存 (the file is not UTF-8: invalid byte 0xd7']],
  'empty-file': [['2020/zuzhi.md:1:1', '文件是空的 (the file is empty']],
  'unclosed-front-matter': [['2020/zuzhi.md:1:1', 'front matter 没有结束']],
  'text-before-entry': [['2020/zuzhi.md:5:1', '这段文字不属于任何条目']],
  'heading-levels': [
    ['2020/zuzhi.md:5:1', '正文中不用一级标题'],
    ['2020/zuzhi.md:9:1', '条目标题用“## 标题”'],
  ],
  // Several problems in several files, a volume.yml among them: all reported in one run.
  many: [
    ['2019:1:1', '缺少 volume.yml'],
    ['2020/a.md:3:11', '类目“经济”不在'],
    ['2020/b-entries.md:13:1', '条目标题“党组织建设”与第 5 行重复'],
    ['2020/c-sidebar.md:9:1', '资料链接没有结束'],
    ['2020/c-sidebar.md:13:1', '资料链接里不能有条目标题'],
    ['2020/d-gbk.md:2:8', '文件不是 UTF-8 编码'],
    ['2021/volume.yml:2:10', '字段 edition 的值不对 (field "edition": expected a whole number, found the text "二〇二一")'],
  ],
};

/** The `path:line:col message` lines of a run's output. */
function problemLines(result: CliResult): string[] {
  return result.stderr.split('\n').filter((line) => /^\S+:\d+:\d+ /.test(line));
}

/** What every failing run must look like: exit 1, plain-words messages, no trace of the program. */
function expectCleanFailure(result: CliResult): void {
  expect(result.status, `exit code (null means killed after the timeout)\n${result.stderr}`).toBe(1);
  expect(result.stderr).not.toMatch(/^\s+at .+[:(]\d+:\d+\)?$/m);
  expect(result.stderr).not.toMatch(/\b(TypeError|RangeError|ReferenceError|SyntaxError|Error):|Maximum call stack|node:internal|\.ts:\d+/);
  const lines = problemLines(result);
  expect(lines.length).toBeGreaterThan(0);
  // Chinese first, then the same in English in parentheses.
  for (const line of lines) expect(line).toMatch(/^\S+:\d+:\d+ (warning: )?[^\n(]*\p{Script=Han}[^\n]* \([A-Za-z][^\n]*\)$/u);
}

/** Builds into an output folder that already holds a site; it must be left exactly as it was. */
function buildOverPrevious(args: string[], cwd?: string): CliResult {
  const work = mkdtempSync(path.join(tmpdir(), 'yearbook-broken-'));
  const out = path.join(work, 'dist');
  mkdirSync(path.join(out, '2020'), { recursive: true });
  writeFileSync(path.join(out, 'index.html'), 'previous site');
  writeFileSync(path.join(out, '2020', 'marker.txt'), 'previous build');
  const result = runCli(['build', '--out', out, ...args], { cwd });
  expect(listFiles(work)).toEqual(['dist/2020/marker.txt', 'dist/index.html']);
  expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe('previous site');
  return result;
}

describe('broken content', () => {
  it('has a fixture for every case, and a case for every fixture', () => {
    expect(readdirSync(BROKEN).sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(Object.entries(CASES))('%s: check and build report exactly its problems, exit 1, output untouched', (name, expected) => {
    const content = `${BROKEN}/${name}`;
    const want = expected.map(([at, message]) => [`${content}/${at}`, message]);
    for (const result of [runCli(['check', '--content', content]), buildOverPrevious(['--content', content])]) {
      expectCleanFailure(result);
      const lines = problemLines(result).filter((l) => !/^\S+ warning: /.test(l));
      expect(lines.map((l) => l.slice(0, l.indexOf(' ')))).toEqual(want.map(([at]) => at));
      lines.forEach((line, i) => expect(line.slice(line.indexOf(' ') + 1)).toContain(want[i]![1]));
    }
  });
});

describe('extreme content', () => {
  const FRONT = 'title: 标题';
  /** A chapter whose body starts on line 5 with one entry; the text under test starts on line 7. */
  function extreme(body: string): string {
    const content = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-extreme-')), 'content');
    mkdirSync(path.join(content, '2020'), { recursive: true });
    writeFileSync(path.join(content, '2020', 'volume.yml'), VOLUME_2020);
    writeFileSync(path.join(content, '2020', 'extreme.md'), chapterFile(FRONT, `## 条目\n\n${body}\n`));
    return content;
  }

  /** [what, the text, the line reported, the start of the message] */
  const NESTED: [string, string, number, string][] = [
    ['10,000 nested list items on one line', '- '.repeat(10_000) + '正文', 7, '列表或引用嵌套太深'],
    // The 33rd level (line 7 + 32) is the first too deep.
    ['1,000 list items each indented under the one before', Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- 第${i}层`).join('\n'), 39, '列表或引用嵌套太深'],
    ['10,000 nested quotes', '>'.repeat(10_000) + ' 正文', 7, '列表或引用嵌套太深'],
    ['10,000 nested quotes and lists', '> 1. '.repeat(5_000) + '正文', 7, '列表或引用嵌套太深'],
    ['10,000 emphasis markers around a word', `${'*'.repeat(10_000)}正文${'*'.repeat(10_000)}`, 7, '这一段的 * _ [ ] 标记太多'],
    ['5,000 nested bold spans over 10,000 lines', `${'**强调\n'.repeat(5_000)}正文${'\n结束**'.repeat(5_000)}`, 7, '这一段的 * _ [ ] 标记太多'],
    ['10,000 nested link brackets', `${'['.repeat(10_000)}正文${']'.repeat(10_000)}`, 7, '这一段的 * _ [ ] 标记太多'],
  ];

  it.each(NESTED)('%s: reported at its line, no crash, no hang', (_name, body, line, message) => {
    const content = extreme(body);
    // A build that hangs is killed by runCli's time limit and fails here: no timing assertion needed.
    const result = buildOverPrevious(['--content', content]);
    expectCleanFailure(result);
    expect(problemLines(result)).toEqual([expect.stringMatching(new RegExp(`/2020/extreme\\.md:${line}:1 ${message.replace(/[*[\]]/g, '\\$&')}`))]);
  });

  it('nesting a yearbook uses (lists three deep, a quote) builds', () => {
    const content = extreme('- 一\n  - 二\n    - 三\n\n> 引文\n> - 引文中的列表');
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-ok-')), 'dist');
    const result = runCli(['build', '--content', content, '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(path.join(out, '2020', 'extreme', 'index.html'), 'utf8')).toMatch(/<li>(?:<span id="[^"]+">)?三(?:<\/span>)?<\/li>/);
  });

  it('a 5 MB chapter of 6,000 entries builds, every entry on the page', () => {
    const paragraph = '2019年，中共中山市委组织部聚焦党建、干部、人才、公务员四项主责主业，推进党的组织体系建设。'.repeat(3);
    const entries: string[] = [];
    let size = 0;
    for (let i = 0; size < 5 * 1024 * 1024; i++) {
      const entry = `## 条目${i}\n\n${paragraph}\n\n**子条目${i}** ${paragraph}\n`;
      entries.push(entry);
      size += Buffer.byteLength(entry);
    }
    const content = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-big-')), 'content');
    mkdirSync(path.join(content, '2020'), { recursive: true });
    writeFileSync(path.join(content, '2020', 'volume.yml'), VOLUME_2020);
    writeFileSync(path.join(content, '2020', 'big.md'), chapterFile('title: 大分目', entries.join('\n')));
    const out = path.join(path.dirname(content), 'dist');
    const result = runCli(['build', '--content', content, '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    const page = readFileSync(path.join(out, '2020', 'big', 'index.html'), 'utf8');
    expect(page.match(/<section class="entry /g)).toHaveLength(entries.length);
    expect(page).toContain(`id="条目${entries.length - 1}"`);
  }, 120_000);
});
