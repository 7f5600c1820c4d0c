// The editor's warnings: what to look at before publishing. They never stop a build.
import { describe, expect, it } from 'vitest';
import { checkAndLint } from '../../src/build.ts';
import { formatDiagnostic } from '../../src/diagnostics.ts';
import { chapterFile, makeContent, VOLUME_2020 } from '../support/content.ts';

async function warningsOf(files: Record<string, string>) {
  const { diagnostics } = await checkAndLint(makeContent(files));
  expect(diagnostics.errors.map(formatDiagnostic)).toEqual([]);
  return diagnostics.warnings.map((d) => ({ file: d.file.replace(/^.*content\//, ''), line: d.line, message: d.message }));
}

const SIGNED = 'title: 组织工作\ncategory: 政治\nauthor: 黄春明';

describe('lint warnings', () => {
  it('warns about an entry title longer than 18 characters, not about one of 18', async () => {
    const warnings = await warningsOf({
      '2020/volume.yml': VOLUME_2020,
      '2020/a.md': chapterFile(SIGNED, '## 一二三四五六七八九十一二三四五六七八\n\n正文。\n\n## 一二三四五六七八九十一二三四五六七八九\n\n正文。\n'),
    });
    expect(warnings).toEqual([{ file: '2020/a.md', line: 11, message: expect.stringMatching(/^条目标题“一二三四五六七八九十一二三四五六七八九”有 19 个字，超过规范的 18 个字.*\(entry title is 19 characters long/) }]);
  });

  it('warns about a comma in an entry title, full-width or not, but not about 、', async () => {
    const warnings = await warningsOf({
      '2020/volume.yml': VOLUME_2020,
      '2020/a.md': chapterFile(SIGNED, '## 党建、人才\n\n正文。\n\n## 党建，人才\n\n正文。\n\n## 党建,人才工作\n\n正文。\n'),
    });
    expect(warnings.map((w) => [w.line, w.message.split(' (')[0]])).toEqual([
      [11, '条目标题“党建，人才”中有逗号，条目标题不用逗号'],
      [15, '条目标题“党建,人才工作”中有逗号，条目标题不用逗号'],
    ]);
  });

  it('warns about a see-stub whose target chapter does not exist or is still a draft', async () => {
    const stub = (section: string) => `## 参见${section}\n\n（详见“市情概览”类目“${section}”分目）\n`;
    const warnings = await warningsOf({
      '2020/volume.yml': VOLUME_2020,
      '2020/a.md': chapterFile(SIGNED, `${stub('政治建设')}\n${stub('人口')}\n${stub('自然地理')}`),
      '2020/b.md': chapterFile('title: 人口\ncategory: 市情概览\nauthor: 甲', '## 人口概况\n\n正文。\n'),
      '2020/c.md': chapterFile('title: 自然地理\ncategory: 市情概览\nauthor: 乙\ndraft: true', '## 地理概况\n\n正文。\n'),
    });
    expect(warnings).toEqual([
      { file: '2020/a.md', line: 7, message: expect.stringMatching(/^“详见”的目标“市情概览”类目中的“政治建设”分目在本卷中不存在/) },
      { file: '2020/a.md', line: 15, message: expect.stringMatching(/^“详见”的目标“自然地理”分目还是草稿.*content\/2020\/c\.md, which is a draft/) },
    ]);
  });

  it('warns about a chapter without an author', async () => {
    const warnings = await warningsOf({
      '2020/volume.yml': VOLUME_2020,
      '2020/a.md': chapterFile('title: 组织工作', '## 组织工作概况\n\n正文。\n'),
    });
    expect(warnings).toEqual([{ file: '2020/a.md', line: 1, message: expect.stringMatching(/^没有写撰稿人.*\(no author/) }]);
  });

  it('accepts entries with only a heading, and warns about them in a draft', async () => {
    const body = '## 组织工作概况\n\n## 党组织建设\n\n正文。\n\n## 干部队伍建设\n';
    const warnings = await warningsOf({
      '2020/volume.yml': VOLUME_2020,
      '2020/draft.md': chapterFile(`${SIGNED}\nslug: draft\ndraft: true`, body),
      '2020/published.md': chapterFile(`${SIGNED}\nslug: published`, body),
    });
    expect(warnings.map((w) => `${w.file}:${w.line} ${w.message.split(' (')[0]}`)).toEqual([
      '2020/draft.md:9 草稿中的条目“组织工作概况”还没有内容',
      '2020/draft.md:15 草稿中的条目“干部队伍建设”还没有内容',
    ]);
  });
});
