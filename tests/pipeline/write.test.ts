// Writing the output: all or nothing, and never outside the output folder.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/pipeline/manifest.ts';
import { TRADITIONAL, traditionalHtml } from '../../src/pipeline/traditional.ts';
import { EventLoopTurns } from '../../src/pipeline/event-loop.ts';
import { contentHash, handOn, OutputWriter, safeJoin, WRITER_YOUNG_GENERATION_MB, WriteBacklog, writeOutput } from '../../src/pipeline/write.ts';
import { countTurns } from '../support/turns.ts';

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

  it('makes an output folder that does not exist yet, with every folder inside it', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-write-')), 'dist');
    await writeOutput(out, [
      { path: 'index.html', content: '首页' },
      { path: '2020/a/index.html', content: 'a' },
      { path: '2020/a/data/index.html', content: 'a 数据' },
      { path: 'hant/2020/a/index.html', content: 'a 繁' },
    ]);
    expect(readFileSync(path.join(out, '2020/a/data/index.html'), 'utf8')).toBe('a 数据');
    expect(readFileSync(path.join(out, 'hant/2020/a/index.html'), 'utf8')).toBe('a 繁');
    expect(readdirSync(path.dirname(out))).toEqual(['dist']);
  });

  it('shares a file whose bytes did not change with the previous output, and writes the others anew', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-write-')), 'dist');
    await writeOutput(out, [
      { path: 'same/index.html', content: '不变' },
      { path: 'changed/index.html', content: '旧' },
    ]);
    const same = statSync(path.join(out, 'same/index.html')).ino;
    const changed = statSync(path.join(out, 'changed/index.html')).ino;
    // No spare yet: the staging folder is made anew beside an output that exists.
    await writeOutput(out, [
      { path: 'same/index.html', content: '不变' },
      { path: 'changed/index.html', content: '新' },
    ]);
    expect(statSync(path.join(out, 'same/index.html')).ino).toBe(same);
    expect(statSync(path.join(out, 'changed/index.html')).ino).not.toBe(changed);
    expect(readFileSync(path.join(out, 'changed/index.html'), 'utf8')).toBe('新');
    // Now from the spare, whose folders are there already.
    await writeOutput(out, [
      { path: 'same/index.html', content: '不变' },
      { path: 'changed/index.html', content: '又变' },
      { path: 'added/index.html', content: '加' },
    ]);
    expect(statSync(path.join(out, 'same/index.html')).ino).toBe(same);
    expect(readFileSync(path.join(out, 'changed/index.html'), 'utf8')).toBe('又变');
    expect(readFileSync(path.join(out, 'added/index.html'), 'utf8')).toBe('加');
  });

  it('leaves out what an earlier build wrote but this one does not, staged afresh or in the spare', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-write-')), 'dist');
    await writeOutput(out, [
      { path: 'index.html', content: '首页' },
      { path: 'gone/index.html', content: '将删' },
      { path: 'gone.json', content: '{}' },
    ]);
    // The second build stages anew (no spare yet); the third takes the first's tree as its staging folder.
    for (const content of ['二', '三']) {
      await writeOutput(out, [{ path: 'index.html', content }]);
      expect(readdirSync(out)).toEqual(['index.html']);
      expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe(content);
    }
  });

  it('a path given twice ends with the last bytes and never writes into the previous output', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-write-')), 'dist');
    await writeOutput(out, [{ path: 'index.html', content: 'first' }]);
    const previous = path.join(out, 'index.html');
    const before = statSync(previous).ino;
    await writeOutput(out, [
      { path: 'index.html', content: 'first' },
      { path: 'index.html', content: 'second' },
    ]);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe('second');
    // The previous output is the spare now: its file is as it was.
    const spare = path.join(path.dirname(out), '.dist-spare', 'index.html');
    expect(statSync(spare).ino).toBe(before);
    expect(readFileSync(spare, 'utf8')).toBe('first');
  });

  it('reports what it wrote with each file\'s hash, or without hashes when no cache will keep them', async () => {
    for (const hashes of [true, false]) {
      const out = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-write-')), 'dist');
      const writer = await OutputWriter.open(out, null, { hashes });
      await writer.add([{ path: 'index.html', content: '首页' }]);
      const report = await writer.commit();
      expect(report.manifest!.files).toEqual({ 'index.html': hashes ? contentHash('首页') : '' });
      expect(report.written).toBe(1);
      expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe('首页');
    }
  });

  it('started ahead of the build and aborted before it is claimed, touches nothing on disk', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'yearbook-write-'));
    const out = path.join(parent, 'dist');
    await writeOutput(out, [{ path: 'index.html', content: '旧' }]);
    await writeOutput(out, [{ path: 'index.html', content: '首页' }]);
    // The output and the spare tree beside it, which opening a staging folder would take.
    const before = readdirSync(parent).sort();
    expect(before).toEqual(['.dist-spare', 'dist']);
    const writer = OutputWriter.start(out, { convert: true });
    await writer.abort();
    await writer.abort();
    expect(readdirSync(parent).sort()).toEqual(before);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe('首页');
    await expect(writer.add([{ path: 'index.html', content: 'x' }])).rejects.toThrow(/stopped/);
  });

  it("keeps its thread's young generation small (pages pass through it briefly)", async () => {
    const writer = OutputWriter.start(path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-write-')), 'dist'));
    expect(writer.resourceLimits.maxYoungGenerationSizeMb).toBe(WRITER_YOUNG_GENERATION_MB);
    await writer.abort();
  });

  it('converts a page sent unconverted into its script before writing it, and hashes the converted bytes', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-write-')), 'dist');
    const simplified = '<html lang="zh-CN"><head><title>组织工作</title></head><body><p translate="no">组织</p><p>党员发展工作</p></body></html>';
    const writer = await OutputWriter.open(out, null, { hashes: true });
    const converted = await writer.add([
      { path: 'hant/index.html', content: { lang: TRADITIONAL.lang, simplified } },
      { path: 'index.html', content: simplified },
    ]);
    const report = await writer.commit();
    const traditional = traditionalHtml(simplified);
    expect(traditional).toContain('黨員發展工作');
    expect(readFileSync(path.join(out, 'hant/index.html'), 'utf8')).toBe(traditional);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe(simplified);
    expect(report.manifest!.files['hant/index.html']).toBe(contentHash(traditional));
    // The hash of each page it converted comes back with the batch (the build cache keeps it).
    expect(converted).toEqual({ 'hant/index.html': contentHash(traditional) });
    // Without hashes (no cache to keep them) nothing comes back.
    const other = await OutputWriter.open(path.join(path.dirname(out), 'other'), null, { hashes: false });
    expect(await other.add([{ path: 'hant/index.html', content: { lang: TRADITIONAL.lang, simplified } }])).toEqual({});
    await other.abort();
  });

  it('given a manifest file, reads the last build\'s from it and saves its own there, under a new id', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'yearbook-write-'));
    const out = path.join(parent, 'dist');
    const file = path.join(parent, 'cache', 'output.json');
    const first = await OutputWriter.open(out, null, { manifest: file });
    await first.add([
      { path: 'index.html', content: '首页' },
      { path: 'gone.html', content: '旧' },
    ]);
    const report = await first.commit();
    // Saved by the writer's thread, not sent back.
    expect(report.manifest).toBeUndefined();
    const saved = (await loadManifest(file, out))!;
    expect(saved.files).toEqual({ 'index.html': contentHash('首页'), 'gone.html': contentHash('旧') });
    expect(saved.inode).toBe(statSync(out).ino);
    const kept = statSync(path.join(out, 'index.html')).ino;

    // The next build names the manifest by its id: the thread read the same one, and updates in place.
    const second = OutputWriter.start(out, { manifest: file });
    await second.claim(saved);
    expect(second.holds('index.html', contentHash('首页'))).toBe(true);
    await second.keep(['index.html']);
    await second.add([{ path: 'new.html', content: '新' }]);
    expect((await second.commit()).removed).toBe(1);
    expect(readdirSync(out).sort()).toEqual(['index.html', 'new.html']);
    expect(statSync(path.join(out, 'index.html')).ino).toBe(kept);
    const next = (await loadManifest(file, out))!;
    expect(next.id).not.toBe(saved.id);
    expect(next.files).toEqual({ 'index.html': contentHash('首页'), 'new.html': contentHash('新') });
  });

  it('sends the manifest over when the thread read another than the one the build has (or none)', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'yearbook-write-'));
    const out = path.join(parent, 'dist');
    const file = path.join(parent, 'cache', 'output.json');
    const first = await OutputWriter.open(out, null, { manifest: file });
    await first.add([{ path: 'index.html', content: '首页' }]);
    await first.commit();
    const writer = OutputWriter.start(out, { manifest: file });
    // The build's copy has another id than what the thread read; and the file goes meanwhile.
    const saved = (await loadManifest(file, out))!;
    rmSync(file);
    await writer.claim({ ...saved, id: 'another' });
    await writer.keep(['index.html']);
    await writer.add([{ path: 'new.html', content: '新' }]);
    expect((await writer.commit()).removed).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['index.html', 'new.html']);
    expect(Object.keys((await loadManifest(file, out))!.files).sort()).toEqual(['index.html', 'new.html']);
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

/** A promise settled from outside, and whether it has. */
function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** Whether `promise` has settled once pending callbacks have run. */
async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

describe('handOn', () => {
  it('hands each batch on as it is made, and lets the event loop run every 10 ms of making them', async () => {
    let now = 0;
    const counter = countTurns();
    const seen: number[] = [];
    // Each batch takes 4 ms to make: the loop runs after the third, the sixth, …
    function* batches() {
      for (let i = 0; i < 8; i++) {
        now += 4;
        seen.push(counter.count);
        yield [{ path: `${i}.html`, content: String(i) }];
      }
    }
    const written: string[] = [];
    const files = await handOn(batches(), (batch) => written.push(...batch.map((f) => f.path)), new WriteBacklog(100), new EventLoopTurns(10, () => now));
    counter.stop();
    expect(files).toBe(8);
    expect(written).toEqual(['0.html', '1.html', '2.html', '3.html', '4.html', '5.html', '6.html', '7.html']);
    // How many turns had passed when each batch was begun.
    expect(seen).toEqual([0, 0, 0, 1, 1, 1, 2, 2]);
  });
});

describe('WriteBacklog', () => {
  it('lets rendering go on while at most its limit of files wait, and waits for the oldest batches beyond it', async () => {
    const backlog = new WriteBacklog(800);
    const [first, second, third] = [deferred(), deferred(), deferred()];
    backlog.add(first.promise, 500);
    expect(await hasSettled(backlog.room())).toBe(true);
    backlog.add(second.promise, 500);
    backlog.add(third.promise, 500);
    // A remembered file is not sent: a batch of them alone counts nothing.
    backlog.add(Promise.resolve(), 0);
    const room = backlog.room();
    expect(await hasSettled(room)).toBe(false);
    first.resolve();
    // 1,000 files still wait.
    expect(await hasSettled(room)).toBe(false);
    second.resolve();
    expect(await hasSettled(room)).toBe(true);
    const all = backlog.all();
    expect(await hasSettled(all)).toBe(false);
    third.resolve();
    expect(await hasSettled(all)).toBe(true);
  });

  it('is behind while more than half its limit of files wait', async () => {
    const backlog = new WriteBacklog(800);
    const [first, second] = [deferred(), deferred()];
    backlog.add(first.promise, 400);
    expect(backlog.behind).toBe(false);
    backlog.add(second.promise, 1);
    expect(backlog.behind).toBe(true);
    first.resolve();
    await backlog.room();
    await new Promise((resolve) => setImmediate(resolve));
    expect(backlog.behind).toBe(false);
    second.resolve();
    await backlog.all();
    expect(backlog.behind).toBe(false);
  });

  it('passes on a failed batch from room and all, and a failure no one has waited for yet is not unhandled', async () => {
    const backlog = new WriteBacklog(1);
    const failing = deferred();
    backlog.add(failing.promise, 5);
    failing.reject(new Error('disk full'));
    // Settles unobserved first: vitest fails a run with an unhandled rejection.
    await new Promise((resolve) => setImmediate(resolve));
    backlog.add(deferred().promise, 5);
    await expect(backlog.room()).rejects.toThrow('disk full');
    await expect(backlog.all()).rejects.toThrow('disk full');
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
