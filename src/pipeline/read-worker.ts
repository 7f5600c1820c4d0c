// The reader's thread (see read-ahead.ts): reads the chapter files of every volume folder, volume
// after volume, in the order loadContent takes them, and hands each volume over once it is read.
// Plain synchronous calls: this thread does nothing else.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { Diagnostics } from '../diagnostics.ts';
import { decodeText, isChapterFile, isVolumeFolder, textHash } from './load.ts';
import type { ReadAheadData, ReaderMessage, ReadResult } from './read-ahead.ts';

const { dir } = workerData as ReadAheadData;
const send = (message: ReaderMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);

function list(folder: string) {
  try {
    return readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
}

const folders = list(dir)
  .filter((e) => e.isDirectory() && isVolumeFolder(e.name))
  .map((e) => path.join(dir, e.name))
  .sort();
send({ type: 'folders', folders });

for (const folder of folders) {
  const files: Record<string, ReadResult> = {};
  const transfer: ArrayBuffer[] = [];
  for (const entry of list(folder)) {
    if (!entry.isFile() || !isChapterFile(entry.name)) continue;
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(folder, entry.name));
    } catch {
      continue; // read again by the build, which reports what goes wrong
    }
    // Its problems are reported by the build, which decodes the bytes again.
    const text = decodeText(bytes, entry.name, new Diagnostics());
    if (text !== null) {
      files[entry.name] = { text, hash: textHash(text) };
    } else {
      // A copy of its own, to hand over: a small file's Buffer is a slice of a shared pool.
      const own = new Uint8Array(bytes);
      files[entry.name] = { bytes: own };
      transfer.push(own.buffer);
    }
  }
  send({ type: 'volume', folder, files }, transfer);
}
