// npx tsx tests/bench/write-floor.ts OUT [--runs R] [--drop-caches] [--into DIR]
// What making a built site's files costs on this machine's disk, and nothing else: every file of OUT
// is read into memory first (text as a string, as the build hands its pages to the writer), then each
// run makes the same folders and writes the same files, one after the other on one thread, into a new
// folder under DIR (default: OUT's parent). The median of R runs is printed, of wall time and of the
// process's CPU time, user and kernel. Folders are not deleted between runs: the kernel is slower
// for a while at making files right after a large deletion (docs/performance.md, "Why
// --drop-caches"); they are all deleted at the end.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './median.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '5' },
    'drop-caches': { type: 'boolean', default: false },
    into: { type: 'string' },
  },
});
const out = positionals[0];
if (!out) throw new Error('usage: tests/bench/write-floor.ts OUT [--runs R] [--drop-caches] [--into DIR]');
const root = path.resolve(out);
const into = path.resolve(values.into ?? path.dirname(root));

const utf8 = new TextDecoder('utf-8', { fatal: true });
const files = readdirSync(root, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
  .sort()
  .map((file): [string, string | Buffer] => {
    const bytes = readFileSync(path.join(root, file));
    try {
      return [file, utf8.decode(bytes)];
    } catch {
      return [file, bytes];
    }
  });
// Every folder that holds a file, parents before children (as the writer makes them).
const folders = [...new Set(files.flatMap(([file]) => {
  const made: string[] = [];
  for (let folder = path.dirname(file); folder !== '.'; folder = path.dirname(folder)) made.push(folder);
  return made;
}))].sort((a, b) => a.split(path.sep).length - b.split(path.sep).length || (a < b ? -1 : 1));
const bytes = files.reduce((n, [, content]) => n + Buffer.byteLength(content), 0);
console.log(`${files.length} files (${(bytes / 2 ** 20).toFixed(1)} MiB) in ${folders.length} folders, from ${root}`);

const made: string[] = [];
const runs: { ms: number; userMs: number; systemMs: number }[] = [];
try {
  for (let run = 0; run < Number(values.runs); run++) {
    const target = path.join(into, `write-floor-${process.pid}-${run}`);
    made.push(target);
    if (values['drop-caches']) {
      // Linux only, as root: the same state as the bench's --drop-caches (the last run's files flushed too).
      execFileSync('sync');
      writeFileSync('/proc/sys/vm/drop_caches', '3');
    }
    const cpu = process.cpuUsage();
    const start = performance.now();
    mkdirSync(target);
    for (const folder of folders) mkdirSync(path.join(target, folder));
    for (const [file, content] of files) writeFileSync(path.join(target, file), content);
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    runs.push({ ms, userMs: used.user / 1000, systemMs: used.system / 1000 });
    process.stderr.write(`run ${run + 1}: ${ms.toFixed(0)} ms (user ${(used.user / 1000).toFixed(0)} ms, kernel ${(used.system / 1000).toFixed(0)} ms)\n`);
  }
} finally {
  for (const target of made) rmSync(target, { recursive: true, force: true });
}
const list = (xs: number[]) => `median ${median(xs).toFixed(0)} ms of ${xs.map((x) => x.toFixed(0)).join(', ')}`;
console.log(`wall   ${list(runs.map((r) => r.ms))}`);
console.log(`user   ${list(runs.map((r) => r.userMs))}`);
console.log(`kernel ${list(runs.map((r) => r.systemMs))}`);
