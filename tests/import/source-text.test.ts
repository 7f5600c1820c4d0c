import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RepairLog } from '../../src/import/repairs.ts';
import { decodeSourceText, ImportRefusal, parseSourceText, type Block, type SourceChapter } from '../../src/import/source-text.ts';
import { SEED_FIELDS } from './seed-fields.ts';

const NBSP = '\u00a0';
const HEADER = '组织工作(2019)\n【作者】中山年鉴编纂委员会 【文章来源】《中山年鉴·2020》\n\n';

function parse(text: string): { chapter: SourceChapter; log: RepairLog } {
  const log = new RepairLog();
  return { chapter: parseSourceText(text, log), log };
}

/** A page with the usual header and signature around `body`. */
function page(body: string, signature = '(黄春明)'): string {
  return `${HEADER}${body}\n${NBSP}\n\n${signature}\n`;
}

function blocksOf(text: string): Block[] {
  return parse(text).chapter.entries.flatMap((e) => e.blocks);
}

function refusal(action: () => unknown): ImportRefusal {
  try {
    action();
  } catch (error) {
    if (error instanceof ImportRefusal) return error;
    throw error;
  }
  throw new Error('expected the input to be refused');
}

describe('parseSourceText on the seed', () => {
  const log = new RepairLog();
  const chapter = parseSourceText(readFileSync('tests/fixtures/import/seed.txt', 'utf8'), log);

  it('reads the title line, the page metadata and the signature', () => {
    expect(chapter).toMatchObject(SEED_FIELDS);
  });

  it('finds the 8 entries, the 14 sub-entries and the sidebar', () => {
    expect(chapter.entries.map((e) => e.title)).toEqual([
      '组织工作概况',
      '党组织建设',
      '“不忘初心、牢记使命”主题教育',
      '习近平新时代中国特色社会主义思想大学习大培训',
      '干部队伍建设',
      '公务员管理',
      '人才工作',
      '2019年中山人才节',
    ]);
    const blocks = chapter.entries.flatMap((e) => e.blocks);
    expect(blocks.filter((b) => b.kind === 'subentry')).toHaveLength(14);
    expect(blocks.filter((b) => b.kind === 'sidebar')).toEqual([
      expect.objectContaining({ title: '资料链接', items: [expect.objectContaining({ term: '“四个对照”', colon: '：' }), expect.objectContaining({ term: '“四个找一找”', colon: '：' })] }),
    ]);
  });

  it('restores the two lost 【 and widens 210 marks, reporting each line', () => {
    expect(log.repairs.filter((r) => r.message.includes('【')).map((r) => `${r.line}:${r.column}`)).toEqual(['22:1', '66:1']);
    const widened = log.repairs.map((r) => /^半角标点改为全角 (\d+) 处/.exec(r.message)?.[1]).filter(Boolean);
    expect(widened).toHaveLength(27);
    expect(widened.reduce((sum, n) => sum + Number(n), 0)).toBe(210);
  });

  it('reports what it left out as notes: 成文日期, 点击率 and the footer', () => {
    const notes = log.items.filter((r) => r.kind === 'note');
    expect(notes.map((r) => `${r.line}:${r.column}`)).toEqual(['2:33', '2:50', '76:1']);
    expect(notes[0]!.message).toContain('【成文日期】');
    expect(notes[1]!.message).toContain('【点击率】');
    expect(notes[2]!.message).toContain('dropped the page footer');
  });
});

describe('sub-entries', () => {
  it('takes a short lead-in, one space, then the text, whatever the indentation', () => {
    expect(blocksOf(page(`【人才工作】 概况。\n\n${NBSP} ${NBSP} 加大人才政策支持力度 统筹协调相关职能部门。\n\n${NBSP} ${NBSP}“雏鹰归巢”育才计划启动 完善本土青年人才库。`))).toEqual([
      { kind: 'paragraph', text: '概况。', line: 4 },
      { kind: 'subentry', title: '加大人才政策支持力度', text: '统筹协调相关职能部门。', line: 6 },
      { kind: 'subentry', title: '“雏鹰归巢”育才计划启动', text: '完善本土青年人才库。', line: 8 },
    ]);
  });

  it('reads ideographic-space indentation, and an ideographic space after the lead-in', () => {
    expect(blocksOf(page(`【党史研究】 概况。\n\u3000\u3000党史编撰 完成初稿。\n\u3000党史宣传\u3000举办展览。`)).map((b) => b.kind === 'subentry' && b.title)).toEqual([
      false,
      '党史编撰',
      '党史宣传',
    ]);
  });

  it('does not take a follow-on paragraph for a sub-entry', () => {
    const followOn = [
      `${NBSP} 市委常委会开展第一议题学习76次,理论学习中心组专题学习19次。`,
      // A space later in the line: the run before it holds sentence punctuation.
      `${NBSP} 围绕中心工作深入调查研究。市委班子聚焦主题主线 完成调研课题33个。`,
      // A run longer than any lead-in.
      `${NBSP} 市委班子聚焦主题主线完成调研课题各镇区各部门完成调研课题八百余个 以上`,
      // No Chinese in the lead-in.
      `${NBSP} 1. 调整机构。`,
    ];
    for (const line of followOn) expect(blocksOf(page(`【组织工作】 概况。\n${line}`))[1]).toMatchObject({ kind: 'paragraph' });
  });
});

describe('entry titles', () => {
  it('restores a lost 【 or 】 and says so at the line', () => {
    const { chapter, log } = parse(page(`【概况】 一。\n“不忘初心、牢记使命”主题教育】 二。\n【人才节 三。`));
    expect(chapter.entries.map((e) => e.title)).toEqual(['概况', '“不忘初心、牢记使命”主题教育', '人才节']);
    expect(log.repairs.map((r) => `${r.line}:${r.column} ${r.message}`)).toEqual([
      '5:1 条目标题缺少“【”，已补上：【“不忘初心、牢记使命”主题教育】 (restored the missing opening 【 of the entry title “不忘初心、牢记使命”主题教育)',
      '6:1 条目标题缺少“】”，已补上：【人才节】 (restored the missing closing 】 of the entry title 人才节)',
    ]);
  });

  it('takes no sentence for a title that lost its bracket', () => {
    const blocks = blocksOf(page(`【概况】 一。\n${NBSP} 印发文件,编号为中档】5号。`));
    expect(blocks[1]).toMatchObject({ kind: 'paragraph' });
  });

  it('widens marks inside a title and reports them at their column', () => {
    const { chapter, log } = parse(page('【实施(试点)工程】 一。'));
    expect(chapter.entries[0]!.title).toBe('实施（试点）工程');
    expect(log.repairs[0]).toMatchObject({ line: 4, column: 4 });
  });
});

describe('page metadata and footer', () => {
  it('keeps 作者 and 文章来源, leaves the page counters and the footer out with a note', () => {
    const text = `档案工作(2019)\n【作者】中山年鉴编纂委员会\n【文章来源】《中山年鉴·2020》\n【发布时间】2020-06-30 【点击率】88次\n\n【概况】 一。\n\n(王建华)\n\n【打印本页】 【关闭窗口】\n上一篇: 机构编制(2019)\n`;
    const { chapter, log } = parse(text);
    expect(chapter).toMatchObject({ compiler: '中山年鉴编纂委员会', source: '《中山年鉴·2020》', authors: ['王建华'] });
    expect(chapter.entries.map((e) => e.title)).toEqual(['概况']);
    expect(log.repairs).toEqual([]);
    expect(log.items.map((r) => `${r.line}:${r.column}`)).toEqual(['4:1', '4:18', '10:1', '11:1']);
  });

  it('keeps 【】 inside the text of an entry, even the name of a page button', () => {
    expect(blocksOf(page('【概况】 印发《要点》(中档【2019】5号)。'))[0]).toMatchObject({ text: '印发《要点》（中档【2019】5号）。' });
    expect(blocksOf(page(`【概况】 一。\n${NBSP} 网页设【关闭窗口】按钮。`))[1]).toMatchObject({ text: '网页设【关闭窗口】按钮。' });
  });

  it('reads a title line without a record year, and says so', () => {
    const { chapter, log } = parse('组织工作\n\n【概况】 一。\n\n(黄春明)\n');
    expect(chapter).toMatchObject({ title: '组织工作', year: null, source: null, edition: null });
    expect(log.items.map((r) => r.message)).toContainEqual(expect.stringContaining('no record year'));
  });
});

describe('资料链接 sidebars', () => {
  it('holds items written with either colon, and paragraphs that are not items', () => {
    const [, sidebar] = blocksOf(page(`【党员教育】 一。\n${NBSP} ·资料链接·\n${NBSP} ${NBSP}本框收录术语。\n${NBSP} ${NBSP}“三会一课”：指定期召开支部党员大会。\n${NBSP} ${NBSP}主题党日:指组织活动。`));
    expect(sidebar).toMatchObject({
      kind: 'sidebar',
      items: [
        { kind: 'paragraph', text: '本框收录术语。' },
        { kind: 'item', term: '“三会一课”', colon: '：', definition: '指定期召开支部党员大会。' },
        { kind: 'item', term: '主题党日', colon: '：', definition: '指组织活动。' },
      ],
    });
  });

  it('ends at the next separator line', () => {
    const blocks = blocksOf(page(`【党员教育】 一。\n${NBSP} ·资料链接·\n“三会一课”:指会议。\n${NBSP}\n${NBSP} 后续段落。`));
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'sidebar', 'paragraph']);
  });

  it('ends at the next entry when the page has no separator lines', () => {
    const { chapter } = parse(`${HEADER}【甲】 一。\n·资料链接·\n“三会一课”:指会议。\n【乙】 二。\n(黄春明)`);
    expect(chapter.entries.map((e) => e.blocks.map((b) => b.kind))).toEqual([['paragraph', 'sidebar'], ['paragraph']]);
  });
});

describe('the signature', () => {
  it.each([
    ['(黄春明)', ['黄春明']],
    ['（黄春明）', ['黄春明']],
    ['(张三 李四)', ['张三', '李四']],
    ['(张三、李四)', ['张三', '李四']],
    [`（张三\u3000李四，王五）`, ['张三', '李四', '王五']],
    ['(阿卜杜拉·买买提)', ['阿卜杜拉·买买提']],
  ])('reads %s', (signature, names) => {
    expect(parse(page('【概况】 一。', signature)).chapter.authors).toEqual(names);
  });

  it.each(['(完)', '(详见“市情概览”类目“政治建设”分目)', '全文完。'])('takes %s for text, not a signature', (last) => {
    const { chapter, log } = parse(page('【概况】 一。', last));
    expect(chapter.authors).toEqual([]);
    expect(chapter.entries[0]!.blocks).toHaveLength(2);
    expect(log.items.map((r) => r.message)).toContainEqual(expect.stringContaining('no signature'));
  });
});

describe('line ends, byte-order mark, final newline', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('reads CRLF line ends as LF, with a note', () => {
    const log = new RepairLog();
    const chapter = parseSourceText(decodeSourceText(bytes(page('【概况】 一。').replace(/\n/g, '\r\n')), 'x.txt', log), log);
    expect(chapter.authors).toEqual(['黄春明']);
    expect(chapter.entries[0]!.blocks).toEqual([{ kind: 'paragraph', text: '一。', line: 4 }]);
    expect(log.items).toEqual([expect.objectContaining({ line: 1, column: 11, kind: 'note' })]);
  });

  it('drops a byte-order mark, with a note', () => {
    const log = new RepairLog();
    const text = decodeSourceText(bytes(`\ufeff${page('【概况】 一。')}`), 'x.txt', log);
    expect(parseSourceText(text, log).title).toBe('组织工作');
    expect(log.items).toEqual([expect.objectContaining({ line: 1, column: 1, kind: 'note' })]);
  });

  it('needs no final newline', () => {
    expect(parse(page('【概况】 一。').trimEnd()).chapter.authors).toEqual(['黄春明']);
  });
});

describe('what is not a chapter', () => {
  const decode = (bytes: Uint8Array) => decodeSourceText(bytes, 'x.txt', new RepairLog());

  it('refuses an empty file', () => {
    expect(refusal(() => decode(new Uint8Array())).message).toContain('the file is empty');
  });

  it('refuses a file of blank lines', () => {
    expect(refusal(() => parse(`${NBSP}\n\n\u3000\n`)).message).toContain('only blank space');
  });

  it('refuses binary data: a NUL byte, or another control character at its line', () => {
    expect(refusal(() => decode(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00]))).message).toContain('binary data: byte 5 is 0x00');
    const error = refusal(() => decode(new Uint8Array([0x41, 0x0a, 0x42, 0x01, 0x43])));
    expect(error.at).toEqual({ line: 2, column: 2 });
    expect(error.message).toContain('binary data: control character 0x01');
  });

  it('refuses text that is not UTF-8, at the first bad byte', () => {
    const gbk = readFileSync('tests/fixtures/import/gbk.txt');
    const error = refusal(() => decode(gbk));
    expect(error.at.line).toBe(1);
    expect(error.message).toContain('not UTF-8');
  });

  it('refuses UTF-16 text', () => {
    expect(refusal(() => decode(new Uint8Array([0xff, 0xfe, 0x44, 0x7d]))).message).toContain('UTF-16');
  });

  it('refuses a page without entries', () => {
    expect(refusal(() => parse('通知\n各镇区、各单位:\n现将有关事项通知如下。\n')).message).toContain('no entries found');
  });

  it('refuses a page without a title line', () => {
    expect(refusal(() => parse('【作者】中山年鉴编纂委员会\n【概况】 一。\n')).message).toContain('the first line must be the chapter title');
    expect(refusal(() => parse('【概况】 一。\n')).at).toEqual({ line: 1, column: 1 });
  });

  it('refuses text before the first entry, at its line', () => {
    const error = refusal(() => parse(`${HEADER}引言一段。\n【概况】 一。\n`));
    expect(error.at).toEqual({ line: 4, column: 1 });
    expect(error.message).toContain('text before the first entry');
  });
});
