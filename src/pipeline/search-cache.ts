// The search bundles of earlier builds, one file per volume in <cache folder>/search/, named by the
// volume's key (a hash of exactly what was indexed for it and of Pagefind's version): a build
// re-indexes only the volumes whose key is not here. Each file holds the bundle's files as Pagefind
// gave them, so a bundle from here is byte for byte the one a fresh index would give. Its first
// line lists the files with their hashes, so that a build whose output folder holds them already
// reads only that line. Beside them, the words each volume's record texts were split into.
import { closeSync, openSync, readFileSync, readSync, fstatSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { replaceFile } from './cache.ts';
import type { RememberedPage } from './render.ts';
import { contentHash } from './write.ts';

export interface BundleFile {
  path: string;
  content: Uint8Array;
}

/** A file of a stored bundle: its hash now, its bytes when asked for. */
export interface StoredFile {
  path: string;
  content: RememberedPage;
}

/** Bump when the stored format changes. */
const FORMAT = 2;
const SUFFIX = '.bundle';
const WORDS_SUFFIX = '.words.json';

interface Header {
  format: number;
  /** Path, byte length and hash (write.ts, contentHash) of each file, in order. */
  files: [string, number, string][];
}

/** One file: a header line (JSON, see Header), then the files' bytes one after another. */
export function packBundle(files: readonly BundleFile[]): Buffer {
  const header: Header = { format: FORMAT, files: files.map((f) => [f.path, f.content.byteLength, contentHash(f.content)]) };
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), ...files.map((f) => f.content)]);
}

/** The header of a packed bundle, or null when it is not one this version wrote. */
function parseHeader(line: Buffer): Header | null {
  let header: { format?: unknown; files?: unknown };
  try {
    header = JSON.parse(line.toString('utf8')) as typeof header;
  } catch {
    return null;
  }
  return header.format === FORMAT && Array.isArray(header.files) ? (header as Header) : null;
}

/** The files of a packed bundle; null when it is not one this version wrote whole. */
export function unpackBundle(packed: Buffer): BundleFile[] | null {
  const newline = packed.indexOf(0x0a);
  const header = newline < 0 ? null : parseHeader(packed.subarray(0, newline));
  if (!header) return null;
  const files: BundleFile[] = [];
  let offset = newline + 1;
  for (const [name, size, hash] of header.files) {
    if (offset + size > packed.length) return null;
    const content = packed.subarray(offset, offset + size);
    if (contentHash(content) !== hash) return null;
    files.push({ path: name, content });
    offset += size;
  }
  return offset === packed.length ? files : null;
}

/** Reads a file up to its first newline (the header), in chunks. */
function readFirstLine(file: string): { line: Buffer; size: number } | null {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const chunks: Buffer[] = [];
    let position = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const read = readSync(fd, chunk, 0, chunk.length, position);
      if (read === 0) return null;
      const newline = chunk.subarray(0, read).indexOf(0x0a);
      if (newline >= 0) {
        chunks.push(chunk.subarray(0, newline));
        return { line: Buffer.concat(chunks), size };
      }
      chunks.push(chunk.subarray(0, read));
      position += read;
    }
  } finally {
    closeSync(fd);
  }
}

/** Where the bundles of earlier builds are kept: the build cache's folder, or the preview server's memory. */
export interface BundleStore {
  /** The bundle stored under `key` by its list of files (bytes when asked for), or null. */
  read(key: string): (BundleFile | StoredFile)[] | null;
  /** The bundle stored under `key` with its bytes, checked; null when not whole. */
  readWhole(key: string): BundleFile[] | null;
  write(key: string, files: readonly BundleFile[]): Promise<void>;
  /**
   * The words the texts of a volume's records were split into when it was last indexed, by
   * `wordsKey` of each text (pages/search.ts): a rebuild splits only the texts that changed.
   */
  words(edition: number): ReadonlyMap<string, string>;
  /** Keeps these as the volume's words, instead of what was kept for it. */
  keepWords(edition: number, words: ReadonlyMap<string, string>): Promise<void>;
  /** Forgets every bundle but these, and the words of every volume but these. */
  keepOnly(keys: ReadonlySet<string>, editions: ReadonlySet<number>): Promise<void>;
}

/** Bundles kept in memory, for as long as the process runs (the preview server). */
export class MemoryBundleStore implements BundleStore {
  private readonly bundles = new Map<string, readonly BundleFile[]>();
  private readonly wordsOf = new Map<number, ReadonlyMap<string, string>>();

  /** How many bundles are kept. */
  get size(): number {
    return this.bundles.size;
  }

  read(key: string): BundleFile[] | null {
    return this.readWhole(key);
  }

  readWhole(key: string): BundleFile[] | null {
    const files = this.bundles.get(key);
    return files ? [...files] : null;
  }

  async write(key: string, files: readonly BundleFile[]): Promise<void> {
    this.bundles.set(key, files);
  }

  words(edition: number): ReadonlyMap<string, string> {
    return this.wordsOf.get(edition) ?? new Map();
  }

  async keepWords(edition: number, words: ReadonlyMap<string, string>): Promise<void> {
    this.wordsOf.set(edition, words);
  }

  async keepOnly(keys: ReadonlySet<string>, editions: ReadonlySet<number>): Promise<void> {
    for (const key of [...this.bundles.keys()]) if (!keys.has(key)) this.bundles.delete(key);
    for (const edition of [...this.wordsOf.keys()]) if (!editions.has(edition)) this.wordsOf.delete(edition);
  }
}

export class SearchBundleCache implements BundleStore {
  private constructor(readonly dir: string) {}

  /** The cache inside a build's cache folder; none when the build has none (--no-cache). */
  static open(cacheDir: string | null | undefined): SearchBundleCache | null {
    return cacheDir ? new SearchBundleCache(path.join(path.resolve(cacheDir), 'search')) : null;
  }

  private file(key: string): string {
    return path.join(this.dir, `${key}${SUFFIX}`);
  }

  /**
   * The bundle stored under `key`, or null (never stored, or not whole): its files' hashes from
   * the header, their bytes read only when one is asked for (and checked against its hash then).
   */
  read(key: string): StoredFile[] | null {
    return this.bundle(key)?.files ?? null;
  }

  /** The stored bundle's files with their bytes, each checked against its hash; null when not whole. */
  readWhole(key: string): BundleFile[] | null {
    try {
      return unpackBundle(readFileSync(this.file(key)));
    } catch {
      return null;
    }
  }

  private bundle(key: string): { files: StoredFile[] } | null {
    const file = this.file(key);
    let first: ReturnType<typeof readFirstLine>;
    try {
      first = readFirstLine(file);
    } catch {
      return null;
    }
    const header = first && parseHeader(first.line);
    if (!first || !header) return null;
    // Cut short or lengthened since: not whole.
    const length = header.files.reduce((sum, [, size]) => sum + size, first.line.length + 1);
    if (length !== first.size) return null;
    let files: BundleFile[] | null = null;
    const bytes = (name: string): Uint8Array => {
      files ??= unpackBundle(readFileSync(file));
      const found = files?.find((f) => f.path === name);
      if (!found) throw new Error(`the search index in the build cache is damaged (${file}): build with --no-cache`);
      return found.content;
    };
    return { files: header.files.map(([name, , hash]) => ({ path: name, content: { hash, render: () => bytes(name) } })) };
  }

  /** Stores a bundle; the file is replaced whole, so a reader never sees half of one. */
  async write(key: string, files: readonly BundleFile[]): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await replaceFile(this.file(key), packBundle(files));
  }

  private wordsFile(edition: number): string {
    return path.join(this.dir, `words-${edition}${WORDS_SUFFIX}`);
  }

  words(edition: number): ReadonlyMap<string, string> {
    try {
      const stored = JSON.parse(readFileSync(this.wordsFile(edition), 'utf8')) as { format?: number; words?: [string, string][] };
      if (stored.format === FORMAT && Array.isArray(stored.words)) return new Map(stored.words);
    } catch {
      // None kept yet, or damaged: split afresh.
    }
    return new Map();
  }

  async keepWords(edition: number, words: ReadonlyMap<string, string>): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await replaceFile(this.wordsFile(edition), JSON.stringify({ format: FORMAT, words: [...words] }));
  }

  /** Removes the bundles and words of volumes this build no longer has, so the cache does not grow without end. */
  async keepOnly(keys: ReadonlySet<string>, editions: ReadonlySet<number>): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const wordsKept = new Set([...editions].map((edition) => path.basename(this.wordsFile(edition))));
    await Promise.all(
      names
        .filter((n) => (n.endsWith(SUFFIX) && !keys.has(n.slice(0, -SUFFIX.length))) || (n.endsWith(WORDS_SUFFIX) && !wordsKept.has(n)))
        .map((n) => rm(path.join(this.dir, n), { force: true })),
    );
  }
}
