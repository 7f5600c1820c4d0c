// npm run bench -- [N[,N…]] [--runs R] [--compare] [--drop-caches] [--fresh-folders] [--tools DIR] [--work DIR]
// npm run bench -- --reader [--runs R]
// Times `yearbook build` on a generated corpus of N chapters (default 4000; kept from one bench to
// the next, see corpus.ts): cold (no cache, no previous output) and warm (one chapter edited, the
// default build with its cache), each a child process, and prints medians, chapters per second,
// peak memory (maximum resident set size from GNU time) and CPU time (user + system, of the process
// and the processes it waited for, from GNU time: on two cores a build cannot take less wall time
// than half of it). A warm build's output is then compared byte for byte with a cold build of the
// same content. With --compare, Eleventy 3 (same Markdown, one layout) and Pagefind over its
// output run on the same files, alternating with the cold builds (run i: yearbook first when i is
// even, Eleventy first when odd), and the ratios of the medians are printed.
//
// With --reader it measures the reader's side instead, on the real content/: the chapter page in
// each script, its weight compressed (HTML and stylesheets, gzip -9) and Lighthouse 12 in Debian's
// Chromium (a mobile phone on a slow 4G network, simulated), R runs each, medians.
//
// A cold run of each tool deletes that tool's previous output first. With --fresh-folders it
// writes into a new folder instead (as in CI, on a fresh clone), and so does the warm series; the
// folders are deleted when the bench ends: on this project's VM (ext4 without a journal) creating
// files right after deleting some 40,000 is several times slower (see docs/performance.md), which weighs on
// a tool by the number of files it writes.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { corpusStamp, findMakeCorpus, makeCorpus, withEditedChapter } from './corpus.ts';
import { runLighthouse, type Category, type LighthouseReport } from '../support/lighthouse.ts';
import { serveStatic } from '../support/server.ts';
import { buildSite, chapterPages, compressedWeight } from '../support/site.ts';
import { median } from './median.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const YEARBOOK = path.join(ROOT, 'src', 'bin', 'yearbook.js');
const TIME = '/usr/bin/time';

export interface Sample {
  seconds: number;
  /** Peak resident memory in MiB. */
  peakMiB: number;
  /** CPU time, user + system, in seconds (every thread, and the child processes waited for). */
  cpuSeconds: number;
}

/**
 * With --drop-caches every timed run starts from the same state of the kernel: written data
 * flushed and the page cache emptied (root only). On this project's VM, creating a file grows
 * several times slower as the page cache fills with earlier runs' output, which weighs on a tool
 * by the number of files it writes, and so on whichever tool ran later.
 */
let dropCaches = false;

function settle(): void {
  if (!dropCaches) return;
  execFileSync('sync');
  writeFileSync('/proc/sys/vm/drop_caches', '3');
}

/** Runs a command under GNU time; fails loudly when the command fails. */
function timed(label: string, command: string, args: string[], cwd: string): Sample {
  settle();
  const report = path.join(tmpdir(), `yearbook-bench-time-${process.pid}`);
  const start = performance.now();
  const result = spawnSync(TIME, ['-o', report, '-f', '%M %U %S', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) {
    throw new Error(`${label} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`.slice(0, 4000));
  }
  const [kib, user, system] = readFileSync(report, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number) as [number, number, number];
  rmSync(report, { force: true });
  const cpuSeconds = user + system;
  process.stderr.write(`bench: ${label} ${seconds.toFixed(2)} s, ${(kib / 1024).toFixed(0)} MiB, ${cpuSeconds.toFixed(2)} s CPU\n`);
  return { seconds, peakMiB: kib / 1024, cpuSeconds };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** The first difference between two output folders, or null when they are byte-identical. */
export function firstDifference(a: string, b: string): string | null {
  const files = listFiles(a);
  const other = listFiles(b);
  if (files.join('\n') !== other.join('\n')) return `file lists differ (${files.length} vs ${other.length} files)`;
  for (const f of files) if (!readFileSync(path.join(a, f)).equals(readFileSync(path.join(b, f)))) return f;
  return null;
}

const ELEVENTY_CONFIG = `// Eleventy 3 as a yearbook office would set it up: Markdown chapters, one layout.
export default function (eleventyConfig) {
  eleventyConfig.addGlobalData('layout', 'chapter.liquid');
}
export const config = { dir: { input: 'src', output: '_site' } };
`;

const ELEVENTY_LAYOUT = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} - 中山年鉴</title>
</head>
<body>
<header><a href="/">中山年鉴</a></header>
<main>
<h1>{{ title }}</h1>
<p>{{ category }} · {{ author }}</p>
{{ content }}
</main>
</body>
</html>
`;

/** Eleventy 3 and Pagefind, installed on demand outside the project (they are not its dependencies). */
function ensureTools(dir: string): { eleventy: string; pagefind: string; versions: string } {
  const eleventy = path.join(dir, 'node_modules', '@11ty', 'eleventy', 'cmd.cjs');
  const pagefind = path.join(dir, 'node_modules', 'pagefind', 'lib', 'runner', 'bin.cjs');
  if (!existsSync(eleventy) || !existsSync(pagefind)) {
    mkdirSync(dir, { recursive: true });
    if (!existsSync(path.join(dir, 'package.json'))) writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
    process.stderr.write(`bench: installing @11ty/eleventy@3 and pagefind into ${dir}\n`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '@11ty/eleventy@3', 'pagefind'], { cwd: dir, stdio: 'inherit' });
  }
  const version = (pkg: string) => JSON.parse(readFileSync(path.join(dir, 'node_modules', pkg, 'package.json'), 'utf8')).version as string;
  return { eleventy, pagefind, versions: `Eleventy ${version('@11ty/eleventy')}, Pagefind ${version('pagefind')}` };
}

/**
 * An Eleventy project over the same Markdown files (copied byte for byte); one made from the same
 * corpus with the same configuration is kept (see corpus.ts for why nothing is deleted needlessly).
 */
function prepareEleventy(content: string, dir: string): void {
  const corpus = corpusStamp(content);
  const made = JSON.stringify({ corpus, config: ELEVENTY_CONFIG, layout: ELEVENTY_LAYOUT });
  const stamp = path.join(dir, '.bench-project.json');
  if (corpus !== null && existsSync(stamp) && readFileSync(stamp, 'utf8') === made) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'src', '_includes'), { recursive: true });
  writeFileSync(path.join(dir, 'eleventy.config.mjs'), ELEVENTY_CONFIG);
  writeFileSync(path.join(dir, 'src', '_includes', 'chapter.liquid'), ELEVENTY_LAYOUT);
  cpSync(content, path.join(dir, 'src'), { recursive: true, filter: (src) => !src.endsWith('.yml') && !src.endsWith('.json') });
  writeFileSync(stamp, made);
}

/** Toggles a closing sentence in one chapter: every warm run has a real edit to rebuild. */
function editChapter(file: string, run: number): void {
  const text = readFileSync(file, 'utf8');
  const line = `\n本条目于基准测试第 ${run} 次修改。\n`;
  writeFileSync(file, text.replace(/\n本条目于基准测试第 \d+ 次修改。\n$/, '\n') + line);
}

function summary(label: string, samples: Sample[], chapters: number): string {
  const s = median(samples.map((x) => x.seconds));
  const m = median(samples.map((x) => x.peakMiB));
  const cpu = median(samples.map((x) => x.cpuSeconds));
  const all = samples.map((x) => x.seconds.toFixed(2)).join(' ');
  return `${label.padEnd(34)} ${s.toFixed(2).padStart(7)} s  ${Math.round(chapters / s).toString().padStart(6)} ch/s  ${m.toFixed(0).padStart(5)} MiB  ${cpu.toFixed(2).padStart(6)} s   (${all})`;
}

/** The reader's side: the chapter page in each script, weighed and audited by Lighthouse `runs` times. */
async function reader(runs: number): Promise<void> {
  const categories: Category[] = ['performance', 'accessibility', 'best-practices', 'seo'];
  const site = buildSite();
  const server = await serveStatic(site.out);
  try {
    console.log(`# yearbook bench, reader side, ${new Date().toISOString().slice(0, 10)}: content/ built, Lighthouse ${lighthouseVersion()} in ${execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()}, ${runs} runs a page, medians`);
    for (const page of await chapterPages(site.out)) {
      const weight = compressedWeight(site.out, page);
      const reports: LighthouseReport[] = [];
      for (let run = 0; run < runs; run++) reports.push(await runLighthouse(`${server.url}${page}`, categories));
      const scores = categories.map((c) => `${c} ${median(reports.map((r) => (r.scores[c] ?? 0) * 100)).toFixed(0)}`);
      const metrics = Object.keys(reports[0]!.metrics).map((name) => {
        const value = median(reports.map((r) => r.metrics[name]!));
        return name === 'CLS' ? `${name} ${value.toFixed(3)}` : name === 'TBT' ? `${name} ${value.toFixed(0)} ms` : `${name} ${(value / 1000).toFixed(2)} s`;
      });
      const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
      console.log(`\n## ${page}`);
      console.log(`compressed: ${kb(weight.total)} (HTML ${kb(weight.html)}, ${weight.stylesheets.map(([file, size]) => `${file} ${kb(size)}`).join(', ')}); budget 40 KB`);
      console.log(`Lighthouse scores: ${scores.join(', ')}`);
      console.log(`Lighthouse metrics: ${metrics.join(', ')}`);
      const shortfalls = [...new Set(reports.flatMap((r) => r.shortfalls))];
      if (shortfalls.length > 0) console.log(`short of full marks in some run: ${shortfalls.join('; ')}`);
    }
  } finally {
    await server.close();
    rmSync(path.dirname(site.out), { recursive: true, force: true });
  }
}

function lighthouseVersion(): string {
  return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'lighthouse', 'package.json'), 'utf8')) as { version: string }).version;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      reader: { type: 'boolean', default: false },
      runs: { type: 'string', default: '5' },
      compare: { type: 'boolean', default: false },
      tools: { type: 'string', default: path.join(tmpdir(), 'yearbook-bench-tools') },
      work: { type: 'string', default: path.join(tmpdir(), 'yearbook-bench') },
      'drop-caches': { type: 'boolean', default: false },
      'fresh-folders': { type: 'boolean', default: false },
    },
  });
  dropCaches = values['drop-caches']!;
  const sizes = (positionals[0] ?? '4000').split(',').map(Number);
  const runs = Number(values.runs);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(runs) || runs < 1) {
    throw new Error('usage: npm run bench -- [N[,N…]] [--runs R] [--compare] [--drop-caches] [--fresh-folders] [--tools DIR] [--work DIR]\n       npm run bench -- --reader [--runs R]');
  }
  if (values.reader) return reader(runs);
  if (!existsSync(TIME)) throw new Error(`${TIME} is missing: apt-get install time`);
  const makeCorpusScript = findMakeCorpus();
  if (!makeCorpusScript) throw new Error('shared/bench/make-corpus.mjs not found above the repository');
  const tools = values.compare ? ensureTools(path.resolve(values.tools!)) : null;
  const help = execFileSync(process.execPath, [YEARBOOK, 'build', '--help'], { encoding: 'utf8' });
  const hasNoSearch = help.includes('--no-search');
  // Before the cache existed (the baseline) every build was cold and had no cache options.
  const hasCache = help.includes('--cache-dir');

  console.log(`# yearbook bench, ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${runs} runs${dropCaches ? ', page cache dropped before each timed run' : ''}${values['fresh-folders'] ? ', each cold run into a new folder' : ''}`);
  if (tools) console.log(`# compared with ${tools.versions}`);
  const runsRoot = path.join(path.resolve(values.work!), 'runs');
  const runFolders: string[] = [];
  let runNumber = 0;
  rmSync(runsRoot, { recursive: true, force: true });
  for (const n of sizes) {
    const work = path.join(path.resolve(values.work!), String(n));
    const content = path.join(work, 'content');
    const corpus = makeCorpus(n, content, makeCorpusScript);
    console.log(`\n## ${corpus.summary}; ${corpus.renamed} repeated entry titles renamed (see tests/bench/corpus.ts)`);
    const out = path.join(work, 'dist');
    const cache = path.join(work, 'cache');
    const fresh = () => {
      for (const dir of [out, path.join(work, '.dist-spare'), cache]) rmSync(dir, { recursive: true, force: true });
    };
    const yearbook = (label: string, extra: string[], into: string | null = null) => {
      const options = hasCache ? ['--cache-dir', into ? path.join(into, 'cache') : cache, ...extra] : extra.filter((o) => o !== '--no-cache');
      return timed(label, process.execPath, [YEARBOOK, 'build', '--content', content, '--out', into ? path.join(into, 'dist') : out, ...options], work);
    };
    /** With --fresh-folders: a new folder for one cold run (deleted when the bench ends). */
    const runFolder = (tool: string) => {
      if (!values['fresh-folders']) return null;
      const folder = path.join(runsRoot, `${n}-${++runNumber}-${tool}`);
      runFolders.push(folder);
      return folder;
    };

    const samples: Record<string, Sample[]> = {};
    const add = (label: string, sample: Sample) => (samples[label] ??= []).push(sample);
    const eleventyDir = path.join(work, 'eleventy');
    if (tools) prepareEleventy(content, eleventyDir);
    const site = path.join(eleventyDir, '_site');
    const competitors = () => {
      const into = runFolder('eleventy');
      const output = into ? path.join(into, '_site') : site;
      if (!into) rmSync(site, { recursive: true, force: true });
      const eleventy = timed('eleventy', process.execPath, [tools!.eleventy, '--quiet', `--output=${output}`], eleventyDir);
      const pagefind = timed('pagefind', process.execPath, [tools!.pagefind, '--site', output, '--silent'], eleventyDir);
      add('Eleventy 3', eleventy);
      add('Pagefind over its output', pagefind);
      add('Eleventy 3 + Pagefind', { seconds: eleventy.seconds + pagefind.seconds, peakMiB: Math.max(eleventy.peakMiB, pagefind.peakMiB), cpuSeconds: eleventy.cpuSeconds + pagefind.cpuSeconds });
    };
    const coldRun = (label: string, extra: string[]) => {
      const into = runFolder(extra.includes('--no-search') ? 'yearbook-no-search' : 'yearbook');
      if (!into) fresh();
      return yearbook(label, extra, into);
    };
    const ours = () => {
      add('yearbook cold (--no-cache)', coldRun('cold build', ['--no-cache']));
      if (hasNoSearch) add('yearbook cold (--no-cache --no-search)', coldRun('cold build without search', ['--no-cache', '--no-search']));
    };
    for (let run = 0; run < runs; run++) {
      if (tools && run % 2 === 1) competitors();
      ours();
      if (tools && run % 2 === 0) competitors();
    }

    // Warm: the previous output and the cache are there; one chapter is edited before each build.
    // (With --fresh-folders, in a new folder too: nothing is deleted until the bench ends.)
    const warm = runFolder('warm');
    if (!warm) fresh();
    yearbook('priming build', [], warm);
    const edited = corpus.files[Math.floor(corpus.files.length / 2)]!;
    const cold = path.join(runFolder('cold') ?? work, 'dist-cold');
    // The corpus is kept for the next bench: the edited chapter is put back afterwards.
    withEditedChapter(content, edited, () => {
      for (let run = 0; run < runs; run++) {
        editChapter(edited, run + 1);
        add('yearbook warm (1 chapter edited)', yearbook('warm build', [], warm));
      }
      execFileSync(process.execPath, [YEARBOOK, 'build', ...(hasCache ? ['--no-cache'] : []), '--content', content, '--out', cold], { cwd: work, stdio: 'ignore' });
    });
    const difference = firstDifference(warm ? path.join(warm, 'dist') : out, cold);
    if (!values['fresh-folders']) {
      rmSync(cold, { recursive: true, force: true });
      rmSync(path.join(work, '.dist-cold-spare'), { recursive: true, force: true });
    }

    console.log(`${'median of runs'.padEnd(34)} ${'wall'.padStart(9)}  ${'speed'.padStart(11)}  ${'peak RSS'.padStart(9)}  ${'CPU'.padStart(8)}   (every run, wall)`);
    for (const [label, list] of Object.entries(samples)) console.log(summary(label, list, n));
    console.log(`warm output byte-identical to a cold build of the same content: ${difference === null ? 'yes' : `NO (${difference})`}`);
    if (tools) {
      const m = (label: string, of: (x: Sample) => number = (x) => x.seconds) => median(samples[label]!.map(of));
      const ratio = (a: string, b: string) => `${a} / ${b}: ${(m(a) / m(b)).toFixed(2)} ×`;
      const cpu = (x: Sample) => x.cpuSeconds;
      console.log(ratio('yearbook cold (--no-cache)', 'Eleventy 3 + Pagefind'));
      console.log(`yearbook cold (--no-cache) / Eleventy 3 + Pagefind, CPU time: ${(m('yearbook cold (--no-cache)', cpu) / m('Eleventy 3 + Pagefind', cpu)).toFixed(2)} ×`);
      console.log(ratio('yearbook cold (--no-cache)', 'Eleventy 3'));
      if (hasNoSearch) console.log(ratio('yearbook cold (--no-cache --no-search)', 'Eleventy 3'));
    }
  }
  if (runFolders.length > 0) console.log(`\n# every build wrote into a folder of its own (--fresh-folders): ${runFolders.length} folders, deleted now`);
  rmSync(runsRoot, { recursive: true, force: true });
}

await main();
