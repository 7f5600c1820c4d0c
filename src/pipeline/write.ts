// Stage 5 (write): put the built files into the output folder, all or nothing.
// Files go into a staging folder beside the output, so a failed build leaves the previous site as
// it was. A build that knows what the last one wrote there (its manifest, kept in the build cache)
// stages only the files whose bytes changed and, once everything is made, moves each into place
// and removes what is gone: a rebuild after an edit touches a handful of files, not the whole site.
// Without a manifest (the first build, --no-cache, or an output folder made anew since) the whole
// site is staged and the staging folder replaces the output folder.
// Writing a site costs a file per page and a folder per chapter, which on a busy disk is as much
// as making the pages. So the writing runs in a worker thread of its own (write-worker.ts), and
// the build hands it each batch of pages as soon as they are made: the disk works while the next
// pages render. The output before last is kept beside the output as a spare (.dist-spare) and
// becomes the next staging folder: its folders are there already, and a file whose bytes equal the
// current output's is a hard link to that file rather than a new copy (it keeps its modification
// time, which deploys and browsers see as unchanged).
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { OutputManifest, SavedManifest } from './manifest.ts';
import { EventLoopTurns } from './event-loop.ts';
import type { FileContent, OutputFile, PageFile } from './render.ts';
import type { WriterFile, WriterReply, WriterRequest } from './write-worker.ts';
import { workerScript } from './worker-script.ts';

/** Resolves a page path inside `root`; a path that would land outside it is refused. */
export function safeJoin(root: string, relative: string): string {
  const target = path.resolve(root, relative);
  if (!relative || path.isAbsolute(relative) || (target !== root && !target.startsWith(root + path.sep))) {
    throw new Error(`refusing to write outside the output folder: ${relative}`);
  }
  return target;
}

/** The hash the manifest and the page cache keep of a file's bytes. */
export function contentHash(content: FileContent): string {
  return createHash('sha1').update(content).digest('base64url');
}

/** What the writer did, for the build's summary. */
export interface WriteReport {
  /** What the output folder now holds; saved by the writer's thread instead when it was given a file for it. */
  manifest?: OutputManifest;
  /** Files whose bytes were written (the others were there already). */
  written: number;
  /** Files removed from the output folder (only when updating it in place). */
  removed: number;
}

/** What the writer's thread is started with. */
export interface WriterData {
  out: string;
  hashes: boolean;
  convert: boolean;
  /** The file the last build's manifest is saved in, and this build's will be. */
  manifest: string | null;
}

/** How a writer is started (see OutputWriter.start): by default with hashes, converting nothing, without a manifest file. */
export interface WriterOptions {
  hashes?: boolean;
  convert?: boolean;
  manifest?: string | null;
}

/** The spare tree kept beside `out` (hidden, and ignored by git as .dist-*). */
export function sparePath(out: string): string {
  return path.join(path.dirname(out), `.${path.basename(out)}-spare`);
}

/** A request before it has its id. */
type Unsent = { [K in WriterRequest['type']]: Omit<Extract<WriterRequest, { type: K }>, 'id'> }[WriterRequest['type']];

/**
 * The batches handed to the writer, in the order it writes them, and how many files wait in them.
 * Files waiting are memory: rendering waits (`room`) while more than `limit` do, should the writer
 * fall behind (a file system can be slow).
 */
export class WriteBacklog {
  private readonly batches: Promise<void>[] = [];
  private waiting = 0;
  /** The first batch `room` has not waited for yet. */
  private oldest = 0;

  constructor(private readonly limit: number) {}

  /** A batch of `files` files, written once `done` settles; its failure comes out of `room` or `all`. */
  add(done: Promise<void>, files: number): void {
    this.waiting += files;
    const settled = () => {
      this.waiting -= files;
    };
    done.then(settled, settled);
    this.batches.push(done);
  }

  /**
   * Whether the writer has fallen behind: more than half the limit waits. The build then converts
   * the pages it would have left to the writer's thread itself (see forWriter in render.ts).
   */
  get behind(): boolean {
    return this.waiting > this.limit / 2;
  }

  /** Settles once at most `limit` files wait; fails when a batch it waited for failed. */
  async room(): Promise<void> {
    while (this.waiting > this.limit) await this.batches[this.oldest++];
  }

  /** Settles once every batch is written; fails when one failed. */
  async all(): Promise<void> {
    await Promise.all(this.batches);
  }
}

/**
 * Hands each batch to `write` as soon as it is made, and returns how many files there were.
 * Rendering waits while the backlog is full, and lets the event loop run every few milliseconds
 * (`turns`): Pagefind's replies are read then, so that it is asked for each bundle as soon as it has
 * taken the records, not once the last page is made (a rebuild would wait for the bundle then).
 */
export async function handOn(batches: Iterable<PageFile[]>, write: (batch: PageFile[]) => void, backlog: WriteBacklog, turns = new EventLoopTurns()): Promise<number> {
  let files = 0;
  for (const batch of batches) {
    files += batch.length;
    write(batch);
    await backlog.room();
    await turns.take();
  }
  return files;
}

/**
 * The writer's thread keeps its young generation small (V8 would let it grow to 48 MB). What it
 * gets lives briefly (a batch of pages, converted and written) or stays (OpenCC's tables, the list
 * of files): at a build's peak, the young generation was 32 MB of which 7 MB were in use. With 12
 * MB, alternating cold builds of 4,000 chapters peaked 15-30 MiB lower, in the same time.
 */
export const WRITER_YOUNG_GENERATION_MB = 12;

/** Writes one build's output: `add` as pages are made, then `commit` (or `abort`). */
export class OutputWriter {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (reply: WriterReply) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private failure: Error | null = null;
  private report: WriteReport | null = null;
  /** Committed or aborted: the thread has ended. */
  private stopped = false;
  /** Asked to open its staging folder (see claim). */
  private claimed = false;

  /** The files the output folder holds, when the build updates it in place (known once claimed). */
  private previous: Record<string, string> | null = null;

  private constructor(
    readonly out: string,
    hashes: boolean,
    convert: boolean,
    manifest: string | null,
  ) {
    const { script, eval: evaluate } = workerScript('write-worker', import.meta.url);
    this.worker = new Worker(script, {
      eval: evaluate,
      resourceLimits: { maxYoungGenerationSizeMb: WRITER_YOUNG_GENERATION_MB },
      workerData: { out, hashes, convert, manifest } satisfies WriterData,
    });
    this.worker.on('message', (reply: WriterReply) => {
      const waiting = this.waiting.get(reply.id);
      if (!waiting) return;
      this.waiting.delete(reply.id);
      if (reply.report) this.report = reply.report;
      if (reply.error) waiting.reject(new Error(reply.error));
      else waiting.resolve(reply);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', () => this.fail(new Error('the output writer stopped')));
  }

  /**
   * Starts the writer's thread for `outDir` before the build knows whether it will write: the
   * thread loads meanwhile (and, with `convert`, makes OpenCC's tables for the pages it will be
   * sent unconverted), on the core that reading the content leaves idle. Nothing is touched on disk
   * until `claim`; `abort` ends a writer that was never claimed. `hashes: false` (a build without
   * the cache, which keeps no manifest): the report's manifest lists the files with empty hashes.
   * Given a `manifest` file (manifest.ts), the thread reads the last build's manifest from it now
   * and saves this build's there on commit, instead of the report.
   */
  static start(outDir: string, { hashes = true, convert = false, manifest = null }: WriterOptions = {}): OutputWriter {
    return new OutputWriter(path.resolve(outDir), hashes, convert, manifest);
  }

  /** The limits V8 was given for the writer's thread (empty once it has ended). */
  get resourceLimits(): ResourceLimits {
    return this.worker.resourceLimits ?? {};
  }

  /**
   * Claims a staging folder beside the output folder. Given what the last build wrote there, and
   * the folder is still that one, the build updates it in place.
   */
  async claim(last: OutputManifest | SavedManifest | null = null): Promise<this> {
    const out = this.out;
    this.previous = last && last.out === out && inodeOf(out) === last.inode ? last.files : null;
    this.claimed = true;
    // A saved manifest the thread has read too is named by its id; it answers `unknown` if it has not.
    const id = this.previous && 'id' in last! ? last.id : null;
    const opened = id === null ? null : await this.request({ type: 'open', previous: { id } });
    if (opened === null || opened.unknown) await this.request({ type: 'open', previous: this.previous && { files: this.previous } });
    return this;
  }

  /** start, then claim. */
  static async open(outDir: string, last: OutputManifest | null = null, options: WriterOptions = {}): Promise<OutputWriter> {
    return OutputWriter.start(outDir, options).claim(last);
  }

  /** Whether the output folder holds these bytes at this path already (when updating in place). */
  holds(file: string, hash: string): boolean {
    return this.previous?.[file] === hash;
  }

  /**
   * Queues files for writing; the promise settles when they are written, with the hash of each page
   * the writer's thread converted (by path; none without `hashes`).
   */
  add(files: WriterFile[]): Promise<Record<string, string>> {
    // Paths are checked here too, so that a bad one fails the build at once.
    for (const file of files) safeJoin(this.out, file.path);
    return this.request({ type: 'files', files }).then((reply) => reply.converted ?? {});
  }

  /** Files of this build the output folder holds already (see `holds`): they stay as they are. */
  async keep(files: string[]): Promise<void> {
    await this.request({ type: 'keep', files });
  }

  /** Removes what the new output does not have, and puts the new files in place. */
  async commit(): Promise<WriteReport> {
    try {
      await this.request({ type: 'commit' });
    } finally {
      await this.stop();
    }
    return this.report!;
  }

  /** Drops the staging folder; the output stays as it was. Nothing to do once committed or aborted. */
  async abort(): Promise<void> {
    if (this.stopped) return;
    try {
      // Unclaimed, it has touched nothing on disk.
      if (!this.failure && this.claimed) await this.request({ type: 'abort' });
    } finally {
      await this.stop();
    }
  }

  private async stop(): Promise<void> {
    this.stopped = true;
    await this.worker.terminate();
  }

  private request(message: Unsent): Promise<WriterReply> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.stopped) return Promise.reject(new Error('the output writer has stopped'));
    const id = this.nextId++;
    return new Promise<WriterReply>((resolve, reject) => {
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

function inodeOf(folder: string): number | null {
  try {
    return statSync(folder).ino;
  } catch {
    return null;
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
