#!/usr/bin/env node
// Launcher: the CLI is written in TypeScript. It runs from one bundle of src/ and the packages it
// uses that esbuild compiles once per version of the sources and of the installed packages (kept
// in node_modules/.cache/yearbook-cli/): starting that way takes a fraction of what compiling each
// module on the fly (tsx) costs, and loading one file instead of some 200 modules halves the rest
// (about 90 ms instead of 200 ms here), which an editor waiting for a rebuild feels. Pagefind stays
// outside: it runs its own program, which it finds from its own folder. Should the bundle fail to
// build, the sources run through tsx instead.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { latin1Only } from './latin1.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const src = path.join(root, 'src');

/**
 * Hash of every source file with its name, package.json and the installed packages: a bundle is
 * made once per version of them. The bundle knows it (YEARBOOK_SOURCES), so that the build cache
 * need not read the sources again to tell whether the tool changed.
 */
function sourceHash() {
  const hash = createHash('sha1');
  const names = readdirSync(src, { recursive: true }).filter((n) => /\.[cm]?[jt]s$/.test(n)).sort();
  for (const name of names) hash.update(name).update('\0').update(readFileSync(path.join(src, name))).update('\0');
  // The installed packages go into the bundle too (npm rewrites this file on every install).
  for (const file of ['package.json', path.join('node_modules', '.package-lock.json')]) {
    try {
      hash.update(readFileSync(path.join(root, file))).update('\0');
    } catch {
      // Installed some other way: the sources alone.
    }
  }
  return hash.digest('hex');
}

async function compiled() {
  const sources = sourceHash();
  const dir = path.join(root, 'node_modules', '.cache', 'yearbook-cli', sources.slice(0, 16));
  const entry = path.join(dir, 'cli.mjs');
  try {
    statSync(entry);
    return entry;
  } catch {
    // Not built yet for these sources.
  }
  const { build } = await import('esbuild');
  // Built aside and renamed into place: several runs may start at once (tests, CI).
  const temporary = `${dir}.${process.pid}.tmp`;
  await build({
    entryPoints: {
      cli: path.join(src, 'cli.ts'),
      'write-worker': path.join(src, 'pipeline', 'write-worker.ts'),
      'read-worker': path.join(src, 'pipeline', 'read-worker.ts'),
      'search-text-worker': path.join(src, 'pages', 'search-text-worker.ts'),
    },
    outdir: temporary,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    external: ['pagefind', 'esbuild', 'tsx', 'tsx/*'],
    // For the CommonJS packages inside, which load Node's own modules with require().
    banner: { js: "import { createRequire as __yearbookRequire } from 'node:module'; const require = __yearbookRequire(import.meta.url);" },
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    define: { YEARBOOK_SOURCES: JSON.stringify(sources) },
  });
  // Kept by V8 at one byte a character (see latin1.js).
  for (const name of readdirSync(temporary)) {
    const file = path.join(temporary, name);
    const code = readFileSync(file, 'utf8');
    if (/[^\0-\xff]/.test(code)) writeFileSync(file, latin1Only(code));
  }
  mkdirSync(path.dirname(dir), { recursive: true });
  try {
    renameSync(temporary, dir);
  } catch {
    // Another run put the same bundle in place first.
    rmSync(temporary, { recursive: true, force: true });
  }
  return entry;
}

// mdast-util-from-markdown makes its compiler (some 100 handlers, built anew for each document)
// in one long function that V8 optimises after a few hundred chapters: the largest single
// optimisation of a build (0.6 s on a helper thread), for a function run once per document.
// Leaving it to the interpreter gives that core back to the rest of the build.
setFlagsFromString('--turbo-filter=-compiler');
// The optimising compiler inlines less than V8's defaults (920 and 460 bytes of bytecode): its
// compile jobs, on helper threads, took 2.7-2.9 s of CPU in a 4,000-chapter cold build and take
// 1.4-1.5 s with these, and the code it makes runs as fast here. On two cores that CPU is wall time.
setFlagsFromString('--max-inlined-bytecode-size-cumulative=150');
setFlagsFromString('--max-inlined-bytecode-size=100');

let cli;
try {
  cli = await import(pathToFileURL(await compiled()).href);
} catch {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../cli.ts');
}
process.exitCode = await cli.main(process.argv.slice(2));
