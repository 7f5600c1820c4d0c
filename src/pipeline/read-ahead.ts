// Reading the chapters ahead of the parser, in a thread of their own (read-worker.ts). A build
// without the cache reads every chapter file before it parses the first: some 0.45 s for 4,000
// files from a cold disk, most of it this thread's promises for each file's open, stat, read and
// close, while the other core has nothing to do yet. The reader's thread reads the files of each
// volume in turn (plain synchronous calls), decodes and hashes them, and hands each volume over as
// soon as it is read; loadContent gives each volume a `ready` promise, and the build parses the
// first volume while the others are still being read. The result is what reading here gives: a
// file the reader could not read, or did not list (added meanwhile), is read here as before, and a
// file that is not UTF-8 comes back as its bytes, for the same error at the same place. A small
// content is read here as before (READ_AHEAD_FROM).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { isChapterFile, isVolumeFolder } from './load.ts';
import { workerScript } from './worker-script.ts';

/**
 * Chapters from which reading them ahead pays. Starting the thread takes some 30 ms of CPU, and a
 * volume is parsed only once all of it is read: cold builds of 200 chapters in one volume took
 * 1.02–1.08 s with it against 0.99–1.09 s without (medians 1.06 and 1.02 s), of 1,000 chapters in
 * five volumes 2.56–2.72 s against 2.60–2.75 s (medians 2.56 and 2.65 s; 5 alternating runs each).
 */
export const READ_AHEAD_FROM = 500;

export interface ReadAheadData {
  /** The content folder (absolute). */
  dir: string;
}

/** One chapter file as the reader's thread read it: its text and hash, or bytes that are not UTF-8. */
export type ReadResult = { text: string; hash: string } | { bytes: Uint8Array };

export type ReaderMessage =
  /** The volume folders the thread is going to read, in the order it reads them (absolute). */
  | { type: 'folders'; folders: string[] }
  /** One volume folder read: each chapter file by its name; a file it could not read is left out. */
  | { type: 'volume'; folder: string; files: Record<string, ReadResult> };

export class ReadAhead {
  private readonly worker: Worker;
  private readonly folders: Promise<Set<string>>;
  private readonly volumes = new Map<string, Promise<Record<string, ReadResult>>>();
  private readonly waiting = new Map<string, (files: Record<string, ReadResult>) => void>();
  private listed!: (folders: Set<string>) => void;

  private constructor(readonly dir: string) {
    this.folders = new Promise((resolve) => (this.listed = resolve));
    const { script, eval: evaluate } = workerScript('read-worker', import.meta.url);
    this.worker = new Worker(script, { eval: evaluate, workerData: { dir } satisfies ReadAheadData });
    // It ends by itself once every volume is read; the build does not wait for it to end.
    this.worker.unref();
    this.worker.on('message', (message: ReaderMessage) => {
      if (message.type === 'folders') {
        for (const folder of message.folders) this.volumes.set(folder, new Promise((resolve) => this.waiting.set(folder, resolve)));
        this.listed(new Set(message.folders));
      } else {
        this.waiting.get(message.folder)?.(message.files);
        this.waiting.delete(message.folder);
      }
    });
    // Should the thread fail or end early, what it has not handed over is read here.
    const giveUp = () => {
      this.listed(new Set());
      for (const resolve of this.waiting.values()) resolve({});
      this.waiting.clear();
    };
    this.worker.on('error', giveUp);
    this.worker.on('exit', giveUp);
  }

  /** Starts reading the chapter files of the content folder `contentDir`. */
  static start(contentDir: string): ReadAhead {
    return new ReadAhead(path.resolve(contentDir));
  }

  /** Whether the content folder holds at least `from` chapter files (counted by their names). */
  static pays(contentDir: string, from = READ_AHEAD_FROM): boolean {
    const dir = path.resolve(contentDir);
    let count = 0;
    try {
      for (const volume of readdirSync(dir, { withFileTypes: true })) {
        if (!volume.isDirectory() || !isVolumeFolder(volume.name)) continue;
        for (const name of readdirSync(path.join(dir, volume.name))) if (isChapterFile(name) && ++count >= from) return true;
      }
    } catch {
      // A folder that cannot be listed: loadContent reports it.
    }
    return false;
  }

  /** What the reader's thread read of a chapter file, once its volume is read; null: read it here. */
  async file(absolute: string): Promise<ReadResult | null> {
    const folder = path.dirname(absolute);
    if (!(await this.folders).has(folder)) return null;
    const files = await this.volumes.get(folder)!;
    return Object.hasOwn(files, path.basename(absolute)) ? files[path.basename(absolute)]! : null;
  }

  /** Ends the thread, if it is still reading (a build that failed before using what it read). */
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
