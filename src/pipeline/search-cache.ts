// The search bundles of earlier builds, one file per volume in <cache folder>/search/, named by the
// volume's key (a hash of exactly what was indexed for it and of Pagefind's version): a build
// re-indexes only the volumes whose key is not here. Each file holds the bundle's files as Pagefind
// gave them, so a bundle from here is byte for byte the one a fresh index would give.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface BundleFile {
  path: string;
  content: Uint8Array;
}

/** Bump when the stored format changes. */
const FORMAT = 1;
const SUFFIX = '.bundle';

/**
 * One file: a header line (JSON: format, and each file's path and byte length, in order), then
 * the files' bytes one after another.
 */
export function packBundle(files: readonly BundleFile[]): Buffer {
  const header = JSON.stringify({ format: FORMAT, files: files.map((f) => [f.path, f.content.byteLength]) });
  return Buffer.concat([Buffer.from(`${header}\n`), ...files.map((f) => f.content)]);
}

/** The files of a packed bundle; null when it is not one this version wrote whole. */
export function unpackBundle(packed: Buffer): BundleFile[] | null {
  const newline = packed.indexOf(0x0a);
  if (newline < 0) return null;
  let header: { format?: unknown; files?: unknown };
  try {
    header = JSON.parse(packed.subarray(0, newline).toString('utf8')) as typeof header;
  } catch {
    return null;
  }
  if (header.format !== FORMAT || !Array.isArray(header.files)) return null;
  const files: BundleFile[] = [];
  let offset = newline + 1;
  for (const [name, size] of header.files as [string, number][]) {
    if (offset + size > packed.length) return null;
    files.push({ path: name, content: packed.subarray(offset, offset + size) });
    offset += size;
  }
  return offset === packed.length ? files : null;
}

export class SearchBundleCache {
  private constructor(readonly dir: string) {}

  /** The cache inside a build's cache folder; none when the build has none (--no-cache). */
  static open(cacheDir: string | null | undefined): SearchBundleCache | null {
    return cacheDir ? new SearchBundleCache(path.join(path.resolve(cacheDir), 'search')) : null;
  }

  private file(key: string): string {
    return path.join(this.dir, `${key}${SUFFIX}`);
  }

  /** The bundle stored under `key`, or null (never stored, or unreadable). */
  async read(key: string): Promise<BundleFile[] | null> {
    try {
      return unpackBundle(await readFile(this.file(key)));
    } catch {
      return null;
    }
  }

  /** Stores a bundle; the file is replaced whole, so a reader never sees half of one. */
  async write(key: string, files: readonly BundleFile[]): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const temporary = `${this.file(key)}.${process.pid}.tmp`;
    await writeFile(temporary, packBundle(files));
    await rename(temporary, this.file(key));
  }

  /** Removes the bundles of volumes this build no longer has, so the cache does not grow without end. */
  async keepOnly(keys: ReadonlySet<string>): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(
      names.filter((n) => n.endsWith(SUFFIX) && !keys.has(n.slice(0, -SUFFIX.length))).map((n) => rm(path.join(this.dir, n), { force: true })),
    );
  }
}
