// What a build wrote into an output folder: each file's path and the hash of its bytes, kept in the
// build cache, so that the next build into the same folder writes only the files that changed
// (write.ts). The writer's thread reads it as soon as it starts, while the content is read, and
// writes it once the output is in place; this thread reads it too, to tell which remembered pages
// the folder holds already. Each copy saved has an id of its own, by which the two threads know
// that they read the same one without this thread sending its 40,000 entries over (a twentieth of
// a second of a rebuild, and as long again for the writer's thread to take them in).
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** What a build wrote into an output folder. */
export interface OutputManifest {
  /** The output folder, absolute. */
  out: string;
  /** Its inode: a folder made anew since (by a build without the cache, or by hand) is not this one. */
  inode: number;
  /** Each file's path → contentHash of its bytes. */
  files: Record<string, string>;
}

/** A manifest as saved: `id` is new each time one is saved. */
export interface SavedManifest extends OutputManifest {
  id: string;
}

const FORMAT = 1;

function parse(text: string, outDir: string): SavedManifest | null {
  const stored = JSON.parse(text) as { format?: number; manifest?: SavedManifest };
  const manifest = stored.format === FORMAT ? stored.manifest : undefined;
  return manifest && typeof manifest.id === 'string' && manifest.out === path.resolve(outDir) && manifest.files ? manifest : null;
}

/** The manifest saved in `file` for `outDir`, or null (none, another folder's, or unreadable). */
export async function loadManifest(file: string, outDir: string): Promise<SavedManifest | null> {
  try {
    return parse(await readFile(file, 'utf8'), outDir);
  } catch {
    return null;
  }
}

/** loadManifest, for the writer's thread. */
export function readManifest(file: string, outDir: string): SavedManifest | null {
  try {
    return parse(readFileSync(file, 'utf8'), outDir);
  } catch {
    return null;
  }
}

/** Saves a manifest whole (a reader never sees half of one), under a new id. */
export function saveManifest(file: string, manifest: OutputManifest): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify({ format: FORMAT, manifest: { id: randomUUID(), ...manifest } }));
  renameSync(temporary, file);
}

/** Drops the saved manifest: done before the output changes, so that none outlives what it describes. */
export function forgetManifest(file: string): void {
  rmSync(file, { force: true });
}
