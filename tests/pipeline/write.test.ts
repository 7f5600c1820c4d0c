// Writing the output: all or nothing, and never outside the output folder.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeJoin, writeOutput } from '../../src/pipeline/write.ts';

describe('writeOutput', () => {
  it('replaces the output folder with exactly the new files', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-write-')), 'dist');
    mkdirSync(out);
    writeFileSync(path.join(out, 'stale.html'), 'old');
    await writeOutput(out, [
      { path: 'index.html', content: '首页' },
      { path: '2020/zuzhi-gongzuo/index.html', content: '组织工作' },
    ]);
    expect(readdirSync(out).sort()).toEqual(['2020', 'index.html']);
    expect(readFileSync(path.join(out, '2020/zuzhi-gongzuo/index.html'), 'utf8')).toBe('组织工作');
    // Beside it only the spare tree that the next build reuses as its staging folder.
    expect(readdirSync(path.dirname(out)).sort()).toEqual(['.dist-spare', 'dist']);
  });

  it('refuses a path outside the output folder and leaves the previous output as it was', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-write-')), 'dist');
    mkdirSync(out);
    writeFileSync(path.join(out, 'index.html'), 'previous');
    await expect(writeOutput(out, [{ path: 'index.html', content: 'new' }, { path: '../escape.html', content: 'x' }])).rejects.toThrow(/outside the output folder/);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe('previous');
    expect(existsSync(path.join(path.dirname(out), 'escape.html'))).toBe(false);
    expect(readdirSync(path.dirname(out))).toEqual(['dist']);
  });
});

describe('safeJoin', () => {
  it.each(['../x', '/etc/passwd', 'a/../../x', ''])('refuses %j', (relative) => {
    expect(() => safeJoin('/srv/site', relative)).toThrow(/outside the output folder/);
  });

  it('accepts paths inside', () => {
    expect(safeJoin('/srv/site', '2020/a/index.html')).toBe('/srv/site/2020/a/index.html');
  });
});
