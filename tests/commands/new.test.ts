// `yearbook new` on a copy of the real content/: next year's volume, one more chapter, no overwriting.
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/cli.ts';

let content: string;

beforeEach(() => {
  content = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-new-')), 'content');
  cpSync(path.join(ROOT, 'content'), content, { recursive: true });
});

const parse = (file: string) => JSON.parse(runCli(['parse', file]).stdout);

describe('yearbook new --volume', () => {
  it("creates next year's volume from the latest one, with draft chapters that check and build", () => {
    const result = runCli(['new', '--volume', '2021', '--content', content]);
    expect(result.status, result.stderr).toBe(0);
    expect(readdirSync(path.join(content, '2021')).sort()).toEqual(['volume.yml', 'zuzhi-gongzuo.md']);
    expect(result.stderr).toContain(`已创建 (created) ${path.join(content, '2021', 'zuzhi-gongzuo.md')}`);
    expect(readFileSync(path.join(content, '2021', 'volume.yml'), 'utf8')).toMatch(/^title: 中山年鉴\nedition: 2021\nyear: 2020\ncategories:\n {2}- 市情概览\n {2}- 政治\n/m);

    const before = parse(path.join(content, '2020', 'zuzhi-gongzuo.md'));
    const after = parse(path.join(content, '2021', 'zuzhi-gongzuo.md'));
    expect(after).toMatchObject({ edition: 2021, year: 2020, title: before.title, slug: before.slug, category: before.category, draft: true, author: [] });
    expect(after.entries.map((e: { title: string }) => e.title)).toEqual(before.entries.map((e: { title: string }) => e.title));
    for (const entry of after.entries) expect([entry.paragraphs, entry.subentries, entry.sidebars]).toEqual([[], [], []]);

    // The new volume checks without errors; what is left to do shows as warnings.
    const check = runCli(['check', '--content', content]);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stderr).toMatch(/2021\/zuzhi-gongzuo\.md:1:1 warning: 没有写撰稿人/);
    expect(check.stderr.match(/2021\/zuzhi-gongzuo\.md:\d+:1 warning: 草稿中的条目/g)).toHaveLength(before.entries.length);
    expect(runCli(['check', '--strict', '--content', content]).status).toBe(1);

    // Drafts stay out of the build; --drafts brings them in.
    const out = path.join(path.dirname(content), 'dist');
    expect(runCli(['build', '--content', content, '--out', out]).stderr).toMatch(/built 1 volume, 1 chapter/);
    expect(runCli(['build', '--drafts', '--content', content, '--out', out]).stderr).toMatch(/built 2 volumes, 2 chapters/);
    expect(readFileSync(path.join(out, '2021', 'zuzhi-gongzuo', 'index.html'), 'utf8')).toContain('草稿');
  });

  it('never overwrites: an existing volume is refused, an existing chapter file is kept', () => {
    const dir = path.join(content, '2021');
    cpSync(path.join(content, '2020'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'volume.yml'), 'title: 中山年鉴\nedition: 2021\n');
    const refused = runCli(['new', '--volume', '2021', '--content', content]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/卷 2021 已经存在/);
    expect(readFileSync(path.join(dir, 'volume.yml'), 'utf8')).toBe('title: 中山年鉴\nedition: 2021\n');

    // A folder started by hand (a chapter but no volume.yml): the chapter is kept as written.
    const started = path.join(content, '2022');
    writeFileSync(path.join(dir, 'volume.yml'), 'title: 中山年鉴\nedition: 2021\n');
    cpSync(path.join(content, '2020', 'zuzhi-gongzuo.md'), path.join(started, 'zuzhi-gongzuo.md'));
    const kept = runCli(['new', '--volume', '2022', '--content', content]);
    expect(kept.stderr).toMatch(/zuzhi-gongzuo\.md:1:1 warning: 文件已存在，未覆盖/);
    expect(readFileSync(path.join(started, 'zuzhi-gongzuo.md'))).toEqual(readFileSync(path.join(content, '2020', 'zuzhi-gongzuo.md')));
    expect(readFileSync(path.join(started, 'volume.yml'), 'utf8')).toMatch(/edition: 2022\nyear: 2021\n/);
  });

  it('refuses to copy a volume that has errors', () => {
    writeFileSync(path.join(content, '2020', 'broken.md'), '---\ntitle: [unclosed\n---\n\n## 条目\n');
    const result = runCli(['new', '--volume', '2021', '--content', content]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/broken\.md:2:\d+ YAML 格式错误/);
    expect(result.stderr).toMatch(/卷 2020 有错误，请先修改/);
    expect(readdirSync(content)).not.toContain('2021');
  });
});

describe('yearbook new --chapter', () => {
  it('adds one draft chapter with an overview entry, and never overwrites it', () => {
    const args = ['new', '--chapter', 'xuanchuan-gongzuo', '--volume', '2020', '--title', '宣传工作', '--category', '政治', '--content', content];
    const result = runCli(args);
    expect(result.status, result.stderr).toBe(0);
    const file = path.join(content, '2020', 'xuanchuan-gongzuo.md');
    expect(parse(file)).toMatchObject({ title: '宣传工作', slug: 'xuanchuan-gongzuo', category: '政治', draft: true, entries: [{ title: '宣传工作概况', kind: 'overview' }] });
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n已经写好的正文。\n`);
    const again = runCli(args);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/xuanchuan-gongzuo\.md:1:1 文件已存在，未覆盖/);
    expect(readFileSync(file, 'utf8')).toContain('已经写好的正文。');
  });

  it('refuses a slug in use, an unknown category, a missing volume and a bad slug', () => {
    const taken = runCli(['new', '--chapter', 'zuzhi-gongzuo', '--volume', '2020', '--title', '组织', '--content', content]);
    expect([taken.status, taken.stderr]).toEqual([1, expect.stringMatching(/文件已存在/)]);
    const category = runCli(['new', '--chapter', 'jingji', '--volume', '2020', '--title', '经济', '--category', '经济', '--content', content]);
    expect([category.status, category.stderr]).toEqual([1, expect.stringMatching(/类目“经济”不在 .*volume\.yml 的 categories 中/)]);
    const volume = runCli(['new', '--chapter', 'jingji', '--volume', '2030', '--title', '经济', '--content', content]);
    expect([volume.status, volume.stderr]).toEqual([1, expect.stringMatching(/找不到卷 2030/)]);
    const slug = runCli(['new', '--chapter', 'Jing Ji', '--volume', '2020', '--title', '经济', '--content', content]);
    expect([slug.status, slug.stderr]).toEqual([2, expect.stringMatching(/slug "Jing Ji" is not valid/)]);
    expect(readdirSync(path.join(content, '2020')).sort()).toEqual(['volume.yml', 'zuzhi-gongzuo.md']);
  });
});
