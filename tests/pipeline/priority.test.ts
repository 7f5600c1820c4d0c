// Lowering this thread's priority while the pages are made (src/pipeline/priority.ts). Run in a
// child process: a thread cannot take its priority back, and the test runner's must stay as it is.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.ts';

/** Runs `script` (an ES module, with tsx) in a child process and gives back what it printed as JSON. */
function inChild(script: string): Record<string, unknown> {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!);
}

describe.runIf(process.platform === 'linux')('stepBack', () => {
  it("lowers the calling thread's priority once, and no other thread's", () => {
    const seen = inChild(`
      import { getPriority, setPriority } from 'node:os';
      import { Worker } from 'node:worker_threads';
      import { stepBack, RENDERING_NICENESS } from './src/pipeline/priority.ts';
      // A thread started before, as the writer's is.
      const other = new Worker("const { parentPort } = await import('node:worker_threads'); const os = await import('node:os'); parentPort.once('message', () => parentPort.postMessage(os.getPriority(0))); parentPort.postMessage('ready');", { eval: true });
      await new Promise((resolve) => other.once('message', resolve));
      const before = getPriority(0);
      const first = stepBack();
      const after = getPriority(0);
      const second = stepBack();
      const otherThread = await new Promise((resolve) => { other.once('message', resolve); other.postMessage('now'); });
      await other.terminate();
      setPriority(0, 15);
      const lower = stepBack();
      console.log(JSON.stringify({ before, first, after, second, otherThread, lower, lowest: getPriority(0), niceness: RENDERING_NICENESS }));
    `);
    expect(seen).toEqual({ before: 0, first: true, after: seen.niceness, second: false, otherThread: 0, lower: false, lowest: 15, niceness: 8 });
  });

  it('is what a build asked for it does once the content is read, and only when it makes the search index', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'yearbook-priority-'));
    const seen = inChild(`
      import { getPriority } from 'node:os';
      import { build, DEFAULT_TEMPLATES } from './src/build.ts';
      const options = { contentDir: 'content', templatesDir: DEFAULT_TEMPLATES, cacheDir: null, searchFirst: true };
      const withoutSearch = await build({ ...options, outDir: ${JSON.stringify(path.join(out, 'a'))}, search: false });
      const afterWithout = getPriority(0);
      const withSearch = await build({ ...options, outDir: ${JSON.stringify(path.join(out, 'b'))} });
      console.log(JSON.stringify({ afterWithout, afterWith: getPriority(0), errors: withoutSearch.diagnostics.hasErrors || withSearch.diagnostics.hasErrors }));
    `);
    expect(seen).toEqual({ afterWithout: 0, afterWith: 8, errors: false });
  });
});
