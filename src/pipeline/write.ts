// Stage 5 (write): put the built files into the output folder, all or nothing.
// Files go into a staging folder beside the output that replaces it only once everything is
// written, so a failed build leaves the previous site as it was.
// Writing a site costs a file per page and a folder per chapter, which on a busy disk is as much
// as making the pages. So the writing runs in a worker thread of its own (write-worker.ts), and
// the build hands it each batch of pages as soon as they are made: the disk works while the next
// pages render. The output before last is kept beside the output as a spare (.dist-spare) and
// becomes the next staging folder: its folders are there already, and a file whose bytes equal the
// current output's is a hard link to that file rather than a new copy (it keeps its modification
// time, which deploys and browsers see as unchanged).
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { OutputFile } from './render.ts';
import type { WriterReply, WriterRequest } from './write-worker.ts';

/** Resolves a page path inside `root`; a path that would land outside it is refused. */
export function safeJoin(root: string, relative: string): string {
  const target = path.resolve(root, relative);
  if (!relative || path.isAbsolute(relative) || (target !== root && !target.startsWith(root + path.sep))) {
    throw new Error(`refusing to write outside the output folder: ${relative}`);
  }
  return target;
}

/** The spare tree kept beside `out` (hidden, and ignored by git as .dist-*). */
export function sparePath(out: string): string {
  return path.join(path.dirname(out), `.${path.basename(out)}-spare`);
}

/** A request before it has its id. */
type Unsent = { [K in WriterRequest['type']]: Omit<Extract<WriterRequest, { type: K }>, 'id'> }[WriterRequest['type']];

// The worker is TypeScript like the rest: a small bootstrap registers tsx in the new thread (a
// thread does not inherit the loader), then loads it.
const WORKER = new URL('./write-worker.ts', import.meta.url).href;
// tsx's ESM entry of its API (its "import" export of tsx/esm/api).
const TSX_API = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
const BOOTSTRAP = `(async () => {
  const { register } = await import(${JSON.stringify(TSX_API)});
  register();
  await import(${JSON.stringify(WORKER)});
})().catch((error) => { throw error; });`;

/** Writes one build's output: `add` as pages are made, then `commit` (or `abort`). */
export class OutputWriter {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private failure: Error | null = null;

  private constructor(readonly out: string) {
    this.worker = new Worker(BOOTSTRAP, { eval: true, workerData: { out } });
    this.worker.on('message', (reply: WriterReply) => {
      const waiting = this.waiting.get(reply.id);
      if (!waiting) return;
      this.waiting.delete(reply.id);
      if (reply.error) waiting.reject(new Error(reply.error));
      else waiting.resolve();
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', () => this.fail(new Error('the output writer stopped')));
  }

  /** Claims a staging folder beside `outDir`. */
  static async open(outDir: string): Promise<OutputWriter> {
    const writer = new OutputWriter(path.resolve(outDir));
    await writer.request({ type: 'open' });
    return writer;
  }

  /** Queues files for writing; the promise settles when they are written. */
  add(files: OutputFile[]): Promise<void> {
    // Paths are checked here too, so that a bad one fails the build at once.
    for (const file of files) safeJoin(this.out, file.path);
    return this.request({ type: 'files', files });
  }

  /** Removes what the new output does not have, and swaps the staging folder in. */
  async commit(): Promise<void> {
    try {
      await this.request({ type: 'commit' });
    } finally {
      await this.worker.terminate();
    }
  }

  /** Drops the staging folder; the output stays as it was. */
  async abort(): Promise<void> {
    try {
      if (!this.failure) await this.request({ type: 'abort' });
    } finally {
      await this.worker.terminate();
    }
  }

  private request(message: Unsent): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id } as WriterRequest);
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}

/** Writes a whole output at once. */
export async function writeOutput(outDir: string, files: OutputFile[]): Promise<void> {
  const writer = await OutputWriter.open(outDir);
  try {
    await writer.add(files);
  } catch (error) {
    await writer.abort();
    throw error;
  }
  await writer.commit();
}
