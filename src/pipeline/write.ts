// Stage 5 (write): put the built files into the output folder, all or nothing.
// Files go into a staging folder beside the output that replaces it only once everything is
// written, so a failed build leaves the previous site as it was.
// Writing a whole site afresh costs a directory per chapter and a file per page, which on a busy
// disk is most of a rebuild. So the output before last is kept beside the output as a spare
// (.dist-spare) and becomes the next staging folder: its folders are there already, it is brought
// to the new state file by file, and a file whose bytes equal the current output's is a hard link
// to that file rather than a new copy (it keeps its modification time, which deploys and browsers
// see as unchanged). Files are never changed in place, only replaced, because the two trees share them.
import { link, lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OutputFile } from './render.ts';

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

/**
 * Removes from a reused staging folder whatever the new output does not have; returns the
 * folders that are left, which need no mkdir.
 */
async function removeStale(staging: string, targets: Set<string>, dirs: Set<string>): Promise<Set<string>> {
  const kept = new Set<string>([staging]);
  const entries = await readdir(staging, { recursive: true, withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      const full = path.join(entry.parentPath, entry.name);
      if (entry.isDirectory() && dirs.has(full)) kept.add(full);
      else if (!(entry.isFile() && targets.has(full))) await rm(full, { recursive: true, force: true });
    }),
  );
  return kept;
}

/** Makes `target` hold `content`: as it is already, as a link to the current output's file, or written. */
async function place(current: string, target: string, content: string | Uint8Array): Promise<void> {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  const [old, oldStat, here] = await Promise.all([
    readFile(current).catch(() => null),
    lstat(current).catch(() => null),
    lstat(target).catch(() => null),
  ]);
  if (old && oldStat && Buffer.compare(old, bytes) === 0) {
    if (here && here.ino === oldStat.ino && here.dev === oldStat.dev) return;
    if (here) await rm(target, { force: true });
    try {
      await link(current, target);
      return;
    } catch {
      // A file system without hard links: write the file instead.
    }
  } else if (here) {
    await rm(target, { force: true });
  }
  await writeFile(target, bytes);
}

export async function writeOutput(outDir: string, files: OutputFile[]): Promise<void> {
  const out = path.resolve(outDir);
  const parent = path.dirname(out);
  const spare = sparePath(out);
  const staging = path.join(parent, `.${path.basename(out)}-new-${process.pid}`);
  const previous = path.join(parent, `.${path.basename(out)}-old-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  // Claim the spare (a rename, so two builds never share it); without one, start empty.
  const reused = await rename(spare, staging).then(
    () => true,
    () => false,
  );
  if (!reused) await mkdir(staging, { recursive: true });
  try {
    const dirs = new Set<string>();
    const targets = files.map((f) => {
      const target = safeJoin(staging, f.path);
      for (let d = path.dirname(target); d !== staging && !dirs.has(d); d = path.dirname(d)) dirs.add(d);
      return target;
    });
    const existing = reused ? await removeStale(staging, new Set(targets), dirs) : new Set<string>();
    // Level by level, parents first; the folders of one level side by side.
    const missing = [...dirs].filter((d) => !existing.has(d));
    const depth = (d: string) => d.split(path.sep).length;
    for (const level of [...new Set(missing.map(depth))].sort((x, y) => x - y)) {
      await Promise.all(missing.filter((d) => depth(d) === level).map((d) => mkdir(d)));
    }
    await Promise.all(files.map((f, i) => place(path.join(out, f.path), targets[i]!, f.content)));
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  // Swap: the old output moves aside, the new one takes its place, the old one becomes the spare.
  let hadPrevious = true;
  try {
    await rename(out, previous);
  } catch {
    hadPrevious = false;
  }
  try {
    await rename(staging, out);
  } catch (error) {
    if (hadPrevious) await rename(previous, out);
    throw error;
  }
  if (hadPrevious) {
    await rename(previous, spare).catch(() => rm(previous, { recursive: true, force: true }));
  }
}
