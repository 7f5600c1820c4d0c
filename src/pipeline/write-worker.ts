// The output writer's thread (see write.ts): it owns the staging folder, writes what it is sent,
// and on commit swaps the staging folder in. Plain synchronous file calls: this thread does
// nothing else, and the build's own thread goes on rendering meanwhile.
import { linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { safeJoin } from './write.ts';

export type WriterRequest =
  | { id: number; type: 'open' }
  | { id: number; type: 'files'; files: { path: string; content: string | Uint8Array }[] }
  | { id: number; type: 'commit' }
  | { id: number; type: 'abort' };

export interface WriterReply {
  id: number;
  error?: string;
}

const out: string = (workerData as { out: string }).out;
const parent = path.dirname(out);
const spare = path.join(parent, `.${path.basename(out)}-spare`);
const staging = path.join(parent, `.${path.basename(out)}-new-${process.pid}`);
const previous = path.join(parent, `.${path.basename(out)}-old-${process.pid}`);

/** Files written, and the folders that hold them (both absolute, inside staging). */
const written = new Set<string>();
const folders = new Set<string>([staging]);

function statOrNull(file: string) {
  try {
    return lstatSync(file);
  } catch {
    return null;
  }
}

function ensureFolder(folder: string): void {
  if (folders.has(folder)) return;
  ensureFolder(path.dirname(folder));
  const stat = statOrNull(folder);
  if (stat && !stat.isDirectory()) rmSync(folder, { recursive: true, force: true });
  if (!stat || !stat.isDirectory()) mkdirSync(folder);
  folders.add(folder);
}

/** Makes `target` hold `bytes`: as it is already, as a link to the current output's file, or written. */
function place(relative: string, target: string, content: string | Uint8Array): void {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  const current = path.join(out, relative);
  const currentStat = statOrNull(current);
  const here = statOrNull(target);
  if (currentStat?.isFile() && currentStat.size === bytes.length && Buffer.compare(readFileSync(current), bytes) === 0) {
    if (here && here.ino === currentStat.ino && here.dev === currentStat.dev) return;
    if (here) rmSync(target, { recursive: true, force: true });
    try {
      linkSync(current, target);
      return;
    } catch {
      // A file system without hard links: write the file instead.
    }
  } else if (here) {
    // Never written in place: the file may be shared with the current output by a hard link.
    rmSync(target, { recursive: true, force: true });
  }
  writeFileSync(target, bytes);
}

function open(): void {
  rmSync(staging, { recursive: true, force: true });
  try {
    renameSync(spare, staging);
  } catch {
    mkdirSync(staging, { recursive: true });
  }
}

/** Removes from the staging folder whatever this build did not write (left from the spare). */
function removeStale(folder: string): void {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory() && folders.has(full)) removeStale(full);
    else if (!(entry.isFile() && written.has(full))) rmSync(full, { recursive: true, force: true });
  }
}

function commit(): void {
  removeStale(staging);
  let hadPrevious = true;
  try {
    renameSync(out, previous);
  } catch {
    hadPrevious = false;
  }
  try {
    renameSync(staging, out);
  } catch (error) {
    if (hadPrevious) renameSync(previous, out);
    throw error;
  }
  if (hadPrevious) {
    try {
      renameSync(previous, spare);
    } catch {
      rmSync(previous, { recursive: true, force: true });
    }
  }
}

parentPort!.on('message', (request: WriterRequest) => {
  const reply: WriterReply = { id: request.id };
  try {
    if (request.type === 'open') open();
    else if (request.type === 'files') {
      for (const file of request.files) {
        const target = safeJoin(staging, file.path);
        ensureFolder(path.dirname(target));
        place(file.path, target, file.content);
        written.add(target);
      }
    } else if (request.type === 'commit') commit();
    else rmSync(staging, { recursive: true, force: true });
  } catch (error) {
    reply.error = error instanceof Error ? error.message : String(error);
    if (request.type === 'files') rmSync(staging, { recursive: true, force: true });
  }
  parentPort!.postMessage(reply);
});
