// `yearbook check`: warnings are printed and do not fail, unless --strict.
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { chapterFile, makeContent, VOLUME_2020 } from '../support/content.ts';

describe('yearbook check --strict', () => {
  const content = makeContent({
    '2020/volume.yml': VOLUME_2020,
    '2020/a.md': chapterFile('title: 组织工作\ncategory: 政治', '## 组织工作概况\n\n正文。\n'),
  });

  it('passes with warnings, fails on them with --strict', () => {
    const lenient = runCli(['check', '--content', content]);
    expect(lenient.status).toBe(0);
    expect(lenient.stderr).toMatch(/a\.md:1:1 warning: 没有写撰稿人/);
    expect(lenient.stderr).toMatch(/checked 1 volume, 1 chapter, 1 个警告 \(1 warning\)/);
    const strict = runCli(['check', '--strict', '--content', content]);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toMatch(/check failed, 1 个警告 \(1 warning\) \(--strict\)/);
  });

  it('passes --strict when there is nothing to warn about', () => {
    const clean = makeContent({
      '2020/volume.yml': VOLUME_2020,
      '2020/a.md': chapterFile('title: 组织工作\ncategory: 政治\nauthor: 黄春明', '## 组织工作概况\n\n正文。\n'),
    });
    const result = runCli(['check', '--strict', '--content', clean]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/no problems/);
  });
});
