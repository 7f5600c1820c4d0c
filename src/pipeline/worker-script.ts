// How a worker thread of the build is started. The workers are TypeScript like the rest. Run from
// the launcher's bundle (src/bin/yearbook.js), each is compiled beside it (an entry point of its
// own); run from source, a small bootstrap registers tsx in the new thread (a thread does not
// inherit the loader), then loads it.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The script of the worker `name` (a file beside the module at `from`), for `new Worker`. */
export function workerScript(name: string, from: string): { script: string | URL; eval: boolean } {
  if (from.endsWith('.mjs')) return { script: new URL(`./${name}.mjs`, from), eval: false };
  const worker = new URL(`./${name}.ts`, from).href;
  // tsx's ESM entry of its API (its "import" export of tsx/esm/api).
  const tsx = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const bootstrap = `(async () => {
  const { register } = await import(${JSON.stringify(tsx)});
  register();
  await import(${JSON.stringify(worker)});
})().catch((error) => { throw error; });`;
  return { script: bootstrap, eval: true };
}
