// npx tsx tests/bench/traditional.ts OUT [--runs R] [--module FILE] [--baseline FILE]
// Times traditionalHtml() alone over the Simplified pages of a built site: every page OUT/hant/X has
// its Simplified counterpart OUT/X, and those are converted. Each run is a fresh process (OpenCC's
// tables built and the memo of short texts empty, as in a build); only the conversion is timed. The
// median of R runs is printed, of wall time and of the process's CPU time (steadier on a shared
// machine). --module is the traditional.ts to time (default: this repository's); with --baseline, a
// second traditional.ts (e.g. an export of main) is timed in alternating runs, and both convert
// every page in one process first: any page whose result differs fails the bench.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from './median.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

type Convert = (html: string) => string;

async function load(module: string): Promise<Convert> {
  const { traditionalHtml } = (await import(pathToFileURL(path.resolve(module)).href)) as { traditionalHtml: Convert };
  return traditionalHtml;
}

/** The Simplified pages that have a Traditional counterpart. */
function simplifiedPages(out: string): string[] {
  const hant = path.join(out, 'hant');
  return readdirSync(hant, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => path.relative(hant, path.join(e.parentPath, e.name)))
    .sort()
    .map((page) => readFileSync(path.join(out, page), 'utf8'));
}

/** One timed run (in a child process): milliseconds to convert every page. */
async function child(out: string, module: string): Promise<void> {
  const pages = simplifiedPages(out);
  const convert = await load(module);
  convert('<p>表</p>'); // OpenCC's tables are built on first use; a build pays that once, not per page
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let bytes = 0;
  for (const page of pages) bytes += convert(page).length;
  const cpu = process.cpuUsage(cpuStart);
  const ms = performance.now() - start;
  process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, pages: pages.length, bytes }));
}

/** Converts every page with both modules and fails on the first page that differs. */
async function check(out: string, module: string, baseline: string): Promise<number> {
  const pages = simplifiedPages(out);
  const [a, b] = [await load(module), await load(baseline)];
  pages.forEach((page, i) => {
    if (a(page) !== b(page)) throw new Error(`page ${i} converts differently:\n${page.slice(0, 300)}`);
  });
  return pages.length;
}

interface Run {
  /** Wall time of the conversions, and the CPU time of the process meanwhile (the machine is shared). */
  ms: number;
  cpuMs: number;
  pages: number;
}

function timedRun(out: string, module: string): Run {
  const result = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, out, '--child', '--module', module], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`run failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as Run;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '5' },
    module: { type: 'string', default: path.join(ROOT, 'src', 'pipeline', 'traditional.ts') },
    baseline: { type: 'string' },
    child: { type: 'boolean', default: false },
  },
});
const out = positionals[0];
if (!out) throw new Error('usage: tests/bench/traditional.ts OUT [--runs R] [--module FILE] [--baseline FILE]');

if (values.child) {
  await child(out, values.module);
} else {
  const modules = values.baseline ? { baseline: values.baseline, module: values.module } : { module: values.module };
  if (values.baseline) console.log(`identical output on ${await check(out, values.module, values.baseline)} pages`);
  const times: Record<string, Run[]> = Object.fromEntries(Object.keys(modules).map((k) => [k, []]));
  for (let run = 0; run < Number(values.runs); run++) {
    // Alternating order, so neither module always runs first in a pair.
    const order = run % 2 ? Object.entries(modules).reverse() : Object.entries(modules);
    for (const [label, module] of order) {
      const sample = timedRun(out, module);
      times[label]!.push(sample);
      process.stderr.write(`run ${run + 1} ${label}: ${sample.pages} pages in ${sample.ms.toFixed(0)} ms (CPU ${sample.cpuMs.toFixed(0)} ms)\n`);
    }
  }
  for (const [label, module] of Object.entries(modules)) {
    const runs = times[label]!;
    const list = (ms: number[]) => `median ${median(ms).toFixed(0)} ms of ${ms.map((t) => t.toFixed(0)).join(', ')}`;
    console.log(`${label} (${module}):\n  wall ${list(runs.map((r) => r.ms))}\n  CPU  ${list(runs.map((r) => r.cpuMs))}`);
  }
}
