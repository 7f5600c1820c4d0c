// The output writer's thread (see write.ts): it owns the staging folder, writes what it is sent,
// and on commit puts the new output in place: either it swaps the whole staging folder in, or,
// when updating the output in place, it moves the few changed files into it. Plain synchronous
// file calls: this thread does nothing else, and the build's own thread goes on rendering meanwhile.
// It also converts the Traditional pages it is sent unconverted (a build without the cache, or the
// first with it, sends them so) and hashes them for the cache: the build's thread is the one the
// others wait for, while this one has time to spare.
import { linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { FileContent } from './render.ts';
import { convertPage, isUnconverted, prepareConversion, type UnconvertedPage } from './traditional.ts';
import { forgetManifest, readManifest, saveManifest, type SavedManifest } from './manifest.ts';
import { contentHash, safeJoin, type WriteReport, type WriterData } from './write.ts';

/** A file as the writer takes it: its bytes, or a page it converts into its script first. */
export interface WriterFile {
  path: string;
  content: FileContent | UnconvertedPage;
}

export type WriterRequest =
  | { id: number; type: 'open'; previous: { files: Record<string, string> } | { id: string } | null }
  | { id: number; type: 'files'; files: WriterFile[] }
  | { id: number; type: 'keep'; files: string[] }
  | { id: number; type: 'commit' }
  | { id: number; type: 'abort' };

export interface WriterReply {
  id: number;
  error?: string;
  /** After commit. */
  report?: WriteReport;
  /** After files: the hash of each page converted here (when the build keeps hashes). */
  converted?: Record<string, string>;
  /** After open, named by an id: this thread read no manifest of that id (nothing was opened). */
  unknown?: boolean;
}

const { out, hashes, convert, manifest: manifestFile } = workerData as WriterData;
/** The files the output folder holds, when the build updates it in place (from the open request). */
let previous: Record<string, string> | null = null;
// Read now, while the build reads its content: the open request names it by its id.
let saved: SavedManifest | null = manifestFile ? readManifest(manifestFile, out) : null;
// Made now, while the build reads its content, rather than with the first Traditional page.
if (convert) prepareConversion();
const parent = path.dirname(out);
const spare = path.join(parent, `.${path.basename(out)}-spare`);
const staging = path.join(parent, `.${path.basename(out)}-new-${process.pid}`);
const retired = path.join(parent, `.${path.basename(out)}-old-${process.pid}`);

/** Files written, and the folders that hold them (both absolute, inside staging). */
const written = new Set<string>();
const folders = new Set<string>([staging]);
/** This build's files: path → hash of the bytes. */
const manifest: Record<string, string> = {};
/** Updating in place: the files staged because their bytes changed (paths inside the output). */
const changed: string[] = [];
// A cold build writes some 28,000 files into a staging folder it has just made, beside an output
// folder that may not exist: then there is nothing to look at before writing, and not looking
// saves two failed lstat calls a file (a tenth of the writer's time).
/** The staging folder was made empty by this build (not taken over from the spare). */
let stagedAnew = false;
/** The output folder existed when the build began: only then can a staged file share one of its files. */
let outputExists = true;

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
  if (stagedAnew) {
    try {
      mkdirSync(folder);
      folders.add(folder);
      return;
    } catch {
      // A file of this build is in the way: look, as below.
    }
  }
  const stat = statOrNull(folder);
  if (stat && !stat.isDirectory()) rmSync(folder, { recursive: true, force: true });
  if (!stat || !stat.isDirectory()) mkdirSync(folder);
  folders.add(folder);
}

/** Whether `file` (of `size` bytes) holds exactly `content`. A string is encoded only when the sizes agree. */
function holdsExactly(file: string, size: number, content: string | Uint8Array): boolean {
  if (typeof content === 'string' ? Buffer.byteLength(content) !== size : content.length !== size) return false;
  return Buffer.compare(readFileSync(file), typeof content === 'string' ? Buffer.from(content) : content) === 0;
}

/**
 * Makes `target` hold `content`: as it is already, as a link to the current output's file, or
 * written. A page is written as its string: fs encodes it as it writes, where a Buffer made here
 * would be 270 MB of memory outside the heap over a cold build, freed only as V8 collects.
 */
function place(relative: string, target: string, content: string | Uint8Array): void {
  const current = path.join(out, relative);
  const currentStat = outputExists ? statOrNull(current) : null;
  const here = stagedAnew && !written.has(target) ? null : statOrNull(target);
  if (currentStat?.isFile() && holdsExactly(current, currentStat.size, content)) {
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
  writeFileSync(target, content);
}

function open(): void {
  rmSync(staging, { recursive: true, force: true });
  outputExists = statOrNull(out) !== null;
  if (previous) {
    mkdirSync(staging, { recursive: true });
    return;
  }
  try {
    renameSync(spare, staging);
  } catch {
    mkdirSync(staging, { recursive: true });
    stagedAnew = true;
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

/** Updating in place: what is gone goes, then each changed file is moved into its place. */
function commitInPlace(): number {
  let removed = 0;
  for (const file of Object.keys(previous!)) {
    if (file in manifest) continue;
    const target = safeJoin(out, file);
    rmSync(target, { force: true });
    removed++;
    // Folders left empty go too (a chapter that was removed or renamed).
    for (let folder = path.dirname(target); folder !== out; folder = path.dirname(folder)) {
      try {
        rmdirSync(folder);
      } catch {
        break;
      }
    }
  }
  for (const file of changed) {
    const target = safeJoin(out, file);
    mkdirSync(path.dirname(target), { recursive: true });
    if (statOrNull(target)?.isDirectory()) rmSync(target, { recursive: true, force: true });
    renameSync(safeJoin(staging, file), target);
  }
  rmSync(staging, { recursive: true, force: true });
  return removed;
}

function commit(): void {
  // A staging folder made anew holds only what this build wrote.
  if (!stagedAnew) removeStale(staging);
  let hadPrevious = true;
  try {
    renameSync(out, retired);
  } catch {
    hadPrevious = false;
  }
  try {
    renameSync(staging, out);
  } catch (error) {
    if (hadPrevious) renameSync(retired, out);
    throw error;
  }
  if (hadPrevious) {
    try {
      renameSync(retired, spare);
    } catch {
      rmSync(retired, { recursive: true, force: true });
    }
  }
}

/** Writes a file; gives back the hash of a page it converted (when hashing). */
function addFile(sent: WriterFile): string | null {
  const { content } = sent;
  const unconverted = isUnconverted(content);
  const file = { path: sent.path, content: unconverted ? convertPage(content) : content };
  // Without a cache to keep the manifest in, nothing needs the hashes.
  const hash = hashes || previous ? contentHash(file.content) : '';
  manifest[file.path] = hash;
  const converted = hash !== '' && unconverted ? hash : null;
  if (previous?.[file.path] === hash) return converted;
  const target = safeJoin(staging, file.path);
  ensureFolder(path.dirname(target));
  if (previous) {
    writeFileSync(target, file.content);
    changed.push(file.path);
  } else {
    place(file.path, target, file.content);
    written.add(target);
  }
  return converted;
}

parentPort!.on('message', (request: WriterRequest) => {
  const reply: WriterReply = { id: request.id };
  try {
    if (request.type === 'open') {
      const asked = request.previous;
      if (asked && 'id' in asked && saved?.id !== asked.id) reply.unknown = true;
      else {
        previous = asked === null ? null : 'id' in asked ? saved!.files : asked.files;
        saved = null;
        open();
      }
    } else if (request.type === 'files') {
      for (const file of request.files) {
        const converted = addFile(file);
        if (converted !== null) (reply.converted ??= {})[file.path] = converted;
      }
    } else if (request.type === 'keep') for (const file of request.files) manifest[file] = previous![file]!;
    else if (request.type === 'commit') {
      // None may outlive the output it describes, should saving the new one fail.
      if (manifestFile) forgetManifest(manifestFile);
      const removed = previous ? commitInPlace() : (commit(), 0);
      const written = previous ? changed.length : Object.keys(manifest).length;
      const now = { out, inode: statSync(out).ino, files: manifest };
      reply.report = { written, removed };
      if (!manifestFile) reply.report.manifest = now;
      else {
        try {
          saveManifest(manifestFile, now);
        } catch {
          // Without one, the next build writes the whole output again.
        }
      }
    } else rmSync(staging, { recursive: true, force: true });
  } catch (error) {
    reply.error = error instanceof Error ? error.message : String(error);
    if (request.type === 'files') rmSync(staging, { recursive: true, force: true });
  }
  parentPort!.postMessage(reply);
});
