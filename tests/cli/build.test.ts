// The CLI run as a user runs it, on the real content/.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/cli.ts';

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

describe('yearbook build', () => {
  it('builds the real content into a site, with a one-line summary', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-out-')), 'site');
    const result = runCli(['build', '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/built 1 volume, 1 chapter, \d+ files into .* in \d+\.\d+ s/);
    const files = listFiles(out);
    expect(files).toEqual(expect.arrayContaining(['index.html', '2020/index.html', '2020/zuzhi-gongzuo/index.html', 'assets/site.css']));
    const page = readFileSync(path.join(out, '2020/zuzhi-gongzuo/index.html'), 'utf8');
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain('组织工作概况');
  });

  it('builds without the search index when asked, and then offers no search box', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-nosearch-')), 'site');
    const result = runCli(['build', '--no-search', '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    const files = listFiles(out);
    expect(files.some((f) => f.startsWith('pagefind/') || f.startsWith('search/'))).toBe(false);
    expect(files).toContain('2020/zuzhi-gongzuo/index.html');
    expect(readFileSync(path.join(out, '2020/zuzhi-gongzuo/index.html'), 'utf8')).not.toContain('site-search');
  });

  it('produces byte-identical output from run to run', () => {
    const a = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-a-')), 'site');
    const b = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-b-')), 'site');
    expect(runCli(['build', '--out', a]).status).toBe(0);
    expect(runCli(['build', '--out', b]).status).toBe(0);
    const files = listFiles(a);
    expect(listFiles(b)).toEqual(files);
    for (const f of files) expect(readFileSync(path.join(b, f)).equals(readFileSync(path.join(a, f))), f).toBe(true);
  });

  it('leaves the previous output untouched when the build fails', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'yearbook-fail-'));
    const out = path.join(work, 'dist');
    expect(runCli(['build', '--out', out]).status).toBe(0);
    const before = listFiles(out);
    const marker = path.join(out, 'marker.txt');
    writeFileSync(marker, 'previous build');
    const content = path.join(work, 'content', '2020');
    // Broken content: a chapter with broken YAML.
    mkdirSync(content, { recursive: true });
    writeFileSync(path.join(content, 'volume.yml'), 'title: 中山年鉴\nedition: 2020\n');
    writeFileSync(path.join(content, 'bad.md'), '---\ntitle: [unclosed\n---\n\n## 条目\n\n正文。\n');
    const result = runCli(['build', '--content', path.join(work, 'content'), '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/bad\.md:\d+:\d+ /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(marker)).toBe(true);
    expect(listFiles(out).filter((f) => f !== 'marker.txt')).toEqual(before);
  });
});

describe('yearbook build --no-search, each volume\'s pages made as it is parsed', () => {
  // Three volumes: the first two parse cleanly (their pages are made and written while the third is
  // parsed), the third holds `broken` in a chapter.
  function threeVolumes(work: string, broken: string | null): string {
    const content = path.join(work, 'content');
    for (const edition of [2018, 2019, 2020]) {
      const dir = path.join(content, String(edition));
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'volume.yml'), `title: 中山年鉴\nedition: ${edition}\n`);
      const body = edition === 2020 && broken !== null ? broken : `---\ntitle: 组织工作\nslug: zuzhi\n---\n\n## 党员队伍\n\n${edition - 1}年，发展党员${edition - 17}人。\n`;
      writeFileSync(path.join(dir, 'zuzhi.md'), body);
    }
    return content;
  }

  it('leaves the previous output untouched and nothing beside it when a later volume is broken', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'yearbook-early-'));
    const out = path.join(work, 'dist');
    const content = threeVolumes(work, null);
    expect(runCli(['build', '--no-search', '--no-cache', '--content', content, '--out', out]).status).toBe(0);
    const before = listFiles(work);
    expect(before).toContain('dist/2018/zuzhi/index.html');
    const previous = readFileSync(path.join(out, '2018/zuzhi/index.html'));
    threeVolumes(work, '---\ntitle: [unclosed\n---\n\n## 条目\n\n正文。\n');
    // The 2018 chapter changes too: its new page is made before 2020 is found broken.
    writeFileSync(path.join(content, '2018', 'zuzhi.md'), readFileSync(path.join(content, '2018', 'zuzhi.md'), 'utf8').replace('发展党员', '新发展党员'));
    const result = runCli(['build', '--no-search', '--no-cache', '--content', content, '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/2020\/zuzhi\.md:\d+:\d+ /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(listFiles(work)).toEqual(before);
    expect(readFileSync(path.join(out, '2018/zuzhi/index.html')).equals(previous)).toBe(true);
  });

  it('reports a template\'s error with the content\'s', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'yearbook-early-'));
    const content = threeVolumes(work, '---\ntitle: [unclosed\n---\n\n## 条目\n\n正文。\n');
    const templates = path.join(work, 'templates');
    mkdirSync(templates);
    for (const name of readdirSync(path.join(ROOT, 'templates'), { recursive: true, withFileTypes: true })) {
      if (!name.isFile()) continue;
      const from = path.join(name.parentPath, name.name);
      const to = path.join(templates, path.relative(path.join(ROOT, 'templates'), from));
      mkdirSync(path.dirname(to), { recursive: true });
      writeFileSync(to, readFileSync(from));
    }
    // A misspelt variable: found only when the first chapter page is made.
    const chapter = path.join(templates, 'chapter.liquid');
    writeFileSync(chapter, readFileSync(chapter, 'utf8').replace('{{ chapter.title }}', '{{ chapter.titel }}'));
    const result = runCli(['build', '--no-search', '--no-cache', '--content', content, '--templates', templates, '--out', path.join(work, 'dist')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/2020\/zuzhi\.md:\d+:\d+ /);
    expect(result.stderr).toMatch(/chapter\.liquid:\d+:\d+ 模板错误/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(work, 'dist'))).toBe(false);
  });
});

describe('yearbook parse', () => {
  it('prints the chapter record as JSON', () => {
    const result = runCli(['parse', 'content/2020/zuzhi-gongzuo.md']);
    expect(result.status).toBe(0);
    const record = JSON.parse(result.stdout);
    expect(record).toMatchObject({ yearbook: '中山年鉴', edition: 2020, year: 2019, title: '组织工作', author: ['黄春明'] });
    expect(record.entries).toHaveLength(8);
    expect(record.facts).toContainEqual(
      expect.objectContaining({ value: 130000, unit: '人次', label: '培训党员', text: '13万人次', entry: '党组织建设', approximate: false }),
    );
  });
});

describe('yearbook check and help', () => {
  it('checks the real content without errors, with the editor warnings it deserves', () => {
    const result = runCli(['check']);
    expect(result.status).toBe(0);
    // The 22-character title of the see-stub, whose target chapter 政治建设 is not in this volume.
    expect(result.stderr).toMatch(/zuzhi-gongzuo\.md:46:1 warning: 条目标题“习近平新时代中国特色社会主义思想大学习大培训”有 22 个字/);
    expect(result.stderr).toMatch(/zuzhi-gongzuo\.md:46:1 warning: “详见”的目标“市情概览”类目中的“政治建设”分目在本卷中不存在/);
    expect(result.stderr).toMatch(/checked 1 volume, 1 chapter, 2 个警告 \(2 warnings\)/);
  });

  it.each(['build', 'check', 'parse', 'new'])('has --help for %s', (command) => {
    const result = runCli([command, '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: yearbook ${command}`));
  });

  it('lists the commands and rejects unknown ones', () => {
    expect(runCli(['--help']).stdout).toMatch(/Commands:[\s\S]*build[\s\S]*check[\s\S]*parse/);
    const unknown = runCli(['bulid']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "bulid"/);
    const badOption = runCli(['build', '--nope']);
    expect(badOption.status).toBe(2);
    expect(badOption.stderr).not.toMatch(/\n\s+at /);
  });
});
