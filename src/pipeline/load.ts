// Stage 1 (load): find the content files and read them as text.
// Layout: content/site.yml (optional), content/<edition>/volume.yml, content/<edition>/<slug>.md
import { createHash } from 'node:crypto';
import { readFileSync, statSync, type BigIntStats } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Diagnostics, positionAt } from '../diagnostics.ts';
import { mapInBatches } from './batches.ts';
import type { ReadAhead } from './read-ahead.ts';

export interface SourceFile {
  /** Path shown to the user (relative to the working directory when inside it). */
  path: string;
  /** Absolute path. */
  absolute: string;
  text: string;
  /** Hash of the text: what the file is, for the keys of the build cache. */
  hash: string;
}

/**
 * What earlier builds read (the build cache keeps it): a chapter file whose size, times and inode
 * are those it had when it was read is not read again, unless something asks for its text.
 */
export interface SourceIndex {
  /** The hash of the file's text when it was read, if it has not changed since; else null. */
  known(absolute: string, stats: BigIntStats): string | null;
  /** Remembers what a file was when it was read. */
  remember(absolute: string, stats: BigIntStats, hash: string): void;
}

export function textHash(text: string): string {
  return createHash('sha1').update(text).digest('base64url');
}

export interface VolumeSource {
  /** Folder name: the edition, e.g. "2020". */
  name: string;
  dir: string;
  config: SourceFile | null;
  chapters: SourceFile[];
  /**
   * Settles once `chapters` holds every chapter, when they were still being read as the content
   * was returned (loadContent with a ReadAhead): buildSiteModelYielding waits for it before the
   * volume, and buildSiteModel must be given volumes whose chapters are all read.
   */
  ready?: Promise<void>;
}

export interface ContentSource {
  dir: string;
  site: SourceFile | null;
  volumes: VolumeSource[];
}

export function displayPath(absolute: string): string {
  const relative = path.relative(process.cwd(), absolute);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Decodes UTF-8 strictly. A byte-order mark is dropped (it is not text); invalid bytes are
 * reported at their line and column instead of being replaced silently.
 */
export function decodeText(bytes: Uint8Array, file: string, diagnostics: Diagnostics): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    const bad = firstInvalidByte(bytes);
    const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    diagnostics.error(
      file,
      positionAt(prefix, prefix.length),
      `文件不是 UTF-8 编码，请用 UTF-8 另存 (the file is not UTF-8: invalid byte 0x${(bytes[bad] ?? 0)
        .toString(16)
        .padStart(2, '0')}; save it as UTF-8)`,
    );
    return null;
  }
}

function firstInvalidByte(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // Binary search for the longest prefix that decodes (a cut inside a character also fails,
  // so check with `stream: true`, which tolerates an incomplete tail).
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  // The prefix may end in the first bytes of a character that never completes: step back to it.
  while (lo > 0) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, lo));
      break;
    } catch {
      lo--;
    }
  }
  return lo;
}

/** A folder of the content folder that holds a volume. */
export const isVolumeFolder = (name: string): boolean => !name.startsWith('.') && !name.startsWith('_');
/** A file of a volume folder that is a chapter. */
export const isChapterFile = (name: string): boolean => !name.startsWith('.') && name.endsWith('.md');

async function readSource(absolute: string, diagnostics: Diagnostics, index: SourceIndex | null = null, ahead: ReadAhead | null = null): Promise<SourceFile | null> {
  const file = displayPath(absolute);
  const stats = index ? statSync(absolute, { bigint: true }) : null;
  const known = stats ? index!.known(absolute, stats) : null;
  if (known) return unreadSource(file, absolute, known);
  const read = ahead ? await ahead.file(absolute) : null;
  if (read && 'text' in read) return { path: file, absolute, text: read.text, hash: read.hash };
  const bytes = read ? read.bytes : await readFile(absolute);
  const text = decodeText(bytes, file, diagnostics);
  if (text === null) return null;
  const hash = textHash(text);
  if (stats) index!.remember(absolute, stats, hash);
  return { path: file, absolute, text, hash };
}

/** A file known unchanged: its text is read when first asked for. */
function unreadSource(file: string, absolute: string, hash: string): SourceFile {
  let text: string | null = null;
  return Object.defineProperty({ path: file, absolute, hash }, 'text', {
    enumerable: true,
    get() {
      if (text === null) {
        const problems = new Diagnostics();
        text = decodeText(readFileSync(absolute), file, problems);
        if (text === null) throw new Error(`${file} changed while it was being built: build again`);
      }
      return text;
    },
  }) as SourceFile;
}

async function listDir(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return null;
  }
}

/**
 * Reads the content folder; with `index`, chapter files unchanged since an earlier build are not read
 * (see SourceIndex). With `ahead` (for the same folder, and no `index`: it would have to know each
 * file's state before it is read), the chapters are those its thread read, and the content comes
 * back before they are all read: each volume's `ready` tells when its chapters are there.
 */
export async function loadContent(contentDir: string, diagnostics: Diagnostics, index: SourceIndex | null = null, ahead: ReadAhead | null = null): Promise<ContentSource> {
  const dir = path.resolve(contentDir);
  if (ahead && (index || ahead.dir !== dir)) throw new Error('loadContent: a ReadAhead is for the same content folder, without an index');
  const entries = await listDir(dir);
  if (!entries) {
    diagnostics.error(displayPath(dir), undefined, `找不到内容目录 (content folder not found: ${displayPath(dir)})`);
    return { dir, site: null, volumes: [] };
  }
  const names = entries.map((e) => e.name).sort();
  const siteFile = names.includes('site.yml') ? await readSource(path.join(dir, 'site.yml'), diagnostics) : null;

  const volumeDirs = entries
    .filter((e) => e.isDirectory() && isVolumeFolder(e.name))
    .map((e) => e.name)
    .sort();

  const volumes = await Promise.all(
    volumeDirs.map(async (name): Promise<VolumeSource | null> => {
      const volumeDir = path.join(dir, name);
      const files = ((await listDir(volumeDir)) ?? [])
        .filter((e) => e.isFile() && !e.name.startsWith('.'))
        .map((e) => e.name)
        .sort();
      const markdown = files.filter(isChapterFile);
      if (!files.includes('volume.yml') && markdown.length === 0) return null;
      const chapters: SourceFile[] = [];
      const reading = mapInBatches(markdown, (f) => readSource(path.join(volumeDir, f), diagnostics, index, ahead)).then((read) => {
        for (const chapter of read) if (chapter !== null) chapters.push(chapter);
      });
      // With `ahead`, awaited by the model in its turn (`ready`); until then a failure is not unhandled.
      if (ahead) reading.catch(() => undefined);
      const [config] = await Promise.all([
        files.includes('volume.yml') ? readSource(path.join(volumeDir, 'volume.yml'), diagnostics) : null,
        ahead ? null : reading,
      ]);
      if (!files.includes('volume.yml')) {
        diagnostics.error(
          displayPath(volumeDir),
          undefined,
          `缺少 volume.yml (missing volume.yml: every volume folder needs one with at least "title" and "edition")`,
        );
      }
      const volume: VolumeSource = { name, dir: volumeDir, config: config ?? null, chapters };
      if (ahead) volume.ready = reading;
      return volume;
    }),
  );

  const found = volumes.filter((v): v is VolumeSource => v !== null);
  if (found.length === 0 && !diagnostics.hasErrors) {
    diagnostics.error(
      displayPath(dir),
      undefined,
      `内容目录中没有任何卷 (no volumes found: add a folder such as ${displayPath(path.join(dir, '2020'))} with volume.yml and chapters)`,
    );
  }
  return { dir, site: siteFile, volumes: found };
}
