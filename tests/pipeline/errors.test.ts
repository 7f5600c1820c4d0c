// Every mistake an editor can make is reported at its file, line and column, all at once.
import { describe, expect, it } from 'vitest';
import { checkContent } from '../../src/build.ts';
import { formatDiagnostic } from '../../src/diagnostics.ts';
import { chapterFile, makeContent, VOLUME_2020 } from '../support/content.ts';

async function problems(files: Record<string, string | Uint8Array>) {
  const content = makeContent(files);
  const { diagnostics } = await checkContent(content);
  // Paths relative to the content folder, so that expectations do not depend on the temp dir.
  return diagnostics.sorted().map((d) => ({ ...d, file: d.file.slice(d.file.indexOf('content/') + 'content/'.length) }));
}

const GOOD_BODY = '## 条目\n\n正文。\n';

describe('errors in chapter files', () => {
  it('reports broken YAML at its line and column', async () => {
    const [p] = await problems({ '2020/volume.yml': VOLUME_2020, '2020/a.md': chapterFile('title: [未闭合', GOOD_BODY) });
    expect(p).toMatchObject({ file: '2020/a.md', line: 2, severity: 'error' });
    expect(p!.message).toMatch(/YAML 格式错误 \(broken YAML/);
  });

  it('reports a missing required field by name', async () => {
    const list = await problems({ '2020/volume.yml': VOLUME_2020, '2020/a.md': chapterFile('author: 黄春明', GOOD_BODY) });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ file: '2020/a.md', line: 2, column: 1 });
    expect(list[0]!.message).toMatch(/缺少必填字段 title.*missing required field "title"/);
  });

  it('reports a mistyped field at its value', async () => {
    const [p] = await problems({ '2020/volume.yml': VOLUME_2020, '2020/a.md': chapterFile('title: 甲\ndraft: 是', GOOD_BODY) });
    expect(p).toMatchObject({ line: 3, column: 8 });
    expect(p!.message).toMatch(/field "draft": expected true or false, found the text "是"/);
  });

  it('reports an unknown field and suggests the right one', async () => {
    const [p] = await problems({ '2020/volume.yml': VOLUME_2020, '2020/a.md': chapterFile('title: 甲\nauthr: 黄春明', GOOD_BODY) });
    expect(p).toMatchObject({ line: 3, column: 1 });
    expect(p!.message).toMatch(/unknown field "authr"; did you mean "author"\?/);
  });

  it('reports a bad slug, from the front matter or from the file name', async () => {
    const list = await problems({
      '2020/volume.yml': VOLUME_2020,
      '2020/a.md': chapterFile('title: 甲\nslug: ../etc', GOOD_BODY),
      '2020/组织工作.md': chapterFile('title: 乙', GOOD_BODY),
    });
    expect(list.map((p) => [p.file, p.line, p.column])).toEqual([
      ['2020/a.md', 3, 7],
      ['2020/组织工作.md', 1, 1],
    ]);
    expect(list[0]!.message).toMatch(/bad slug "\.\.\/etc"/);
    expect(list[1]!.message).toMatch(/file name "组织工作" is not a valid slug/);
  });

  it('reports an unknown category with the ones allowed', async () => {
    const [p] = await problems({ '2020/volume.yml': VOLUME_2020, '2020/a.md': chapterFile('title: 甲\ncategory: 经济', GOOD_BODY) });
    expect(p).toMatchObject({ line: 3, column: 11 });
    expect(p!.message).toMatch(/unknown category "经济": use one of "市情概览", "政治"/);
  });

  it('reports a duplicate slug in the second file', async () => {
    const list = await problems({
      '2020/volume.yml': VOLUME_2020,
      '2020/a.md': chapterFile('title: 甲\nslug: same', GOOD_BODY),
      '2020/b.md': chapterFile('title: 乙\nslug: same', GOOD_BODY),
    });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ file: '2020/b.md', line: 3, column: 7 });
    expect(list[0]!.message).toMatch(/duplicate slug "same".*a\.md uses it already/);
  });

  it('reports a duplicate entry title at the second heading', async () => {
    const [p] = await problems({ '2020/volume.yml': VOLUME_2020, '2020/a.md': chapterFile('title: 甲', '## 概况\n\n一。\n\n## 概况\n\n二。\n') });
    expect(p).toMatchObject({ line: 9, column: 1 });
    expect(p!.message).toMatch(/duplicate entry title "概况": it is already used on line 5/);
  });

  it('reports an unclosed sidebar where it opens', async () => {
    const [p] = await problems({
      '2020/volume.yml': VOLUME_2020,
      '2020/a.md': chapterFile('title: 甲', '## 条目\n\n正文。\n\n:::sidebar[资料链接]\n\n**“词”**：定义。\n'),
    });
    expect(p).toMatchObject({ line: 9, column: 1 });
    expect(p!.message).toMatch(/unclosed sidebar: add a line ":::"/);
  });

  it('reports a chapter with no entries, and text outside any entry', async () => {
    const list = await problems({
      '2020/volume.yml': VOLUME_2020,
      '2020/a.md': chapterFile('title: 甲', '只有一段文字。\n'),
      '2020/b.md': chapterFile('title: 乙', ''),
    });
    expect(list.map((p) => p.file)).toEqual(['2020/a.md', '2020/a.md', '2020/b.md']);
    expect(list.filter((p) => /has no entries/.test(p.message))).toHaveLength(2);
    expect(list.find((p) => /not inside an entry/.test(p.message))).toMatchObject({ file: '2020/a.md', line: 5 });
  });

  it('reports a file that is not UTF-8 at the first bad byte', async () => {
    const gbk = Buffer.concat([Buffer.from('---\ntitle: 甲\n---\n\n## 条目\n\n'), Buffer.from([0xd5, 0xfd, 0xce, 0xc4])]);
    const [p] = await problems({ '2020/volume.yml': VOLUME_2020, '2020/a.md': gbk });
    expect(p).toMatchObject({ file: '2020/a.md', line: 7, column: 1 });
    expect(p!.message).toMatch(/not UTF-8/);
  });

  it('reports an empty file and a file without front matter', async () => {
    const list = await problems({ '2020/volume.yml': VOLUME_2020, '2020/a.md': '', '2020/b.md': GOOD_BODY });
    expect(list.map((p) => [p.file, p.line])).toEqual([
      ['2020/a.md', 1],
      ['2020/b.md', 1],
    ]);
    expect(list[0]!.message).toMatch(/the file is empty/);
    expect(list[1]!.message).toMatch(/missing front matter/);
  });

  it('reports all problems of all files at once, in a stable order', async () => {
    const list = await problems({
      '2020/volume.yml': VOLUME_2020,
      '2020/a.md': chapterFile('title: 甲\ncategory: 经济\nslug: A', '## 条目\n\n正文。\n\n## 条目\n\n又一段。\n'),
      '2020/b.md': chapterFile('title: [', GOOD_BODY),
    });
    expect(list.map((p) => `${p.file}:${p.line}`)).toEqual(['2020/a.md:3', '2020/a.md:4', '2020/a.md:11', '2020/b.md:2']);
    expect(formatDiagnostic({ ...list[0]!, file: 'content/2020/a.md' })).toMatch(/^content\/2020\/a\.md:3:11 类目“经济”/);
  });
});

describe('errors in volume.yml', () => {
  it('reports a volume folder without volume.yml', async () => {
    const [p] = await problems({ '2020/a.md': chapterFile('title: 甲', GOOD_BODY) });
    expect(p!.message).toMatch(/missing volume\.yml/);
  });

  it('reports a missing title and an edition that does not match the folder', async () => {
    const list = await problems({ '2021/volume.yml': 'edition: 2020\n', '2021/a.md': chapterFile('title: 甲', GOOD_BODY) });
    expect(list.map((p) => p.message)).toEqual([expect.stringMatching(/missing required field "title"/)]);
    const mismatch = await problems({ '2021/volume.yml': 'title: 中山年鉴\nedition: 2020\n' });
    expect(mismatch[0]).toMatchObject({ line: 2, column: 10 });
    expect(mismatch[0]!.message).toMatch(/edition 2020 does not match the folder name "2021"/);
  });
});

describe('what is accepted', () => {
  it('accepts a byte-order mark and CRLF line ends', async () => {
    const text = `\ufeff${chapterFile('title: 甲', GOOD_BODY)}`.replace(/\n/g, '\r\n');
    expect(await problems({ '2020/volume.yml': VOLUME_2020, '2020/a.md': text })).toEqual([]);
  });
});
