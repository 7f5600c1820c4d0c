// Watches folder trees and reports changes in batches: editors write a file in several steps
// (a temporary file, then a rename over the old one), so events are collected until all is quiet.
// Each folder is watched on its own (not with `recursive`): a folder watch keeps reporting a file
// that an editor replaced by renaming, where Node's recursive watch on Linux loses track of it.
import { readdirSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

export interface Change {
  /** The watched root folder the change happened in. */
  root: string;
  /** Path of the changed file relative to `root` ("" when unknown). */
  file: string;
}

/** Editors' temporary and backup files (vim's 4913, .swp, ~ backups, dot files) are not content. */
export function isIgnored(file: string): boolean {
  return file.split(/[\\/]/).some((part) => part.startsWith('.') || part.endsWith('~') || part.endsWith('.swp') || part === '4913');
}

/** The folder and all folders below it, dot folders left out. */
function foldersOf(root: string): string[] {
  const found = [root];
  for (let i = 0; i < found.length; i++) {
    try {
      for (const entry of readdirSync(found[i]!, { withFileTypes: true })) {
        if (entry.isDirectory() && !isIgnored(entry.name)) found.push(path.join(found[i]!, entry.name));
      }
    } catch {
      // Gone meanwhile: the next scan drops its watcher.
    }
  }
  return found;
}

export function watchFolders(roots: string[], onChange: (changes: Change[]) => void, quietMs = 80): { close(): void } {
  let pending: Change[] = [];
  let timer: NodeJS.Timeout | null = null;
  const watchers = new Map<string, FSWatcher>();

  const flush = () => {
    timer = null;
    scan();
    const batch = pending;
    pending = [];
    if (batch.length > 0) onChange(batch);
  };

  const record = (root: string, dir: string, filename: string) => {
    const file = path.relative(root, path.join(dir, filename)).split(path.sep).join('/');
    if (isIgnored(file)) return;
    pending.push({ root, file });
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, quietMs);
  };

  /** Watches folders that appeared since the last scan and stops watching those that are gone. */
  function scan() {
    const wanted = new Map(roots.flatMap((root) => foldersOf(root).map((dir) => [dir, root] as const)));
    for (const [dir, watcher] of watchers) {
      if (!wanted.has(dir)) {
        watcher.close();
        watchers.delete(dir);
      }
    }
    for (const [dir, root] of wanted) {
      if (watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, (_event, filename) => record(root, dir, filename ? String(filename) : ''));
        // A watched folder that is removed: rescan, and rebuild (which reports what is missing).
        watcher.on('error', () => record(root, dir, ''));
        watchers.set(dir, watcher);
      } catch {
        // Removed between listing and watching; the parent folder's watch reports it.
      }
    }
  }

  scan();
  return {
    close() {
      if (timer) clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
