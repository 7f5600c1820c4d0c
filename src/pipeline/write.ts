// Stage 5 (write): put the built files into the output folder, all or nothing.
// Files go into a fresh sibling folder that replaces the old output only once everything is
// written, so a failed build leaves the previous site as it was.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
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

export async function writeOutput(outDir: string, files: OutputFile[]): Promise<void> {
  const out = path.resolve(outDir);
  const parent = path.dirname(out);
  const staging = path.join(parent, `.${path.basename(out)}-new-${process.pid}`);
  const previous = path.join(parent, `.${path.basename(out)}-old-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    const dirs = new Set<string>();
    const targets = files.map((f) => {
      const target = safeJoin(staging, f.path);
      dirs.add(path.dirname(target));
      return target;
    });
    await Promise.all([...dirs].map((d) => mkdir(d, { recursive: true })));
    await Promise.all(files.map((f, i) => writeFile(targets[i]!, f.content)));
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  // Swap: the old output moves aside, the new one takes its place, the old one is removed.
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
  if (hadPrevious) await rm(previous, { recursive: true, force: true });
}
