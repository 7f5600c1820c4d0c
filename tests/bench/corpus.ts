// The benchmark corpus: ../shared/bench/make-corpus.mjs writes our content format
// (DIR/<edition>/volume.yml, DIR/<edition>/<slug>.md), but it draws entry titles with replacement, so
// about 1 chapter in 60 has two entries with the same title, which `yearbook build` rejects as an
// error (a reader could not tell the two anchors apart). The second and later uses of a title in a
// chapter get a numbered suffix, e.g. "## 信访工作举措（二）"; nothing else changes, and every tool
// is then given these same bytes.
//
// A corpus already written by the same generator for the same N is kept as it is: writing it anew
// deletes the old one, and on this project's VM creating thousands of files is slowed for minutes
// after thousands were deleted (see docs/performance.md), which would fall on the timed runs.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * ../shared/bench/make-corpus.mjs from the repository (the path); a worktree sits deeper, so
 * the nearest shared/bench/make-corpus.mjs above the repository is used.
 */
export function findMakeCorpus(from = path.resolve(import.meta.dirname, '..', '..')): string | null {
  for (let dir = path.dirname(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'bench', 'make-corpus.mjs');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

const NUMERALS = ['', '', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Renames repeated `## title` lines of one chapter; returns the text and how many were renamed. */
export function disambiguateTitles(markdown: string): { text: string; renamed: number } {
  const seen = new Map<string, number>();
  let renamed = 0;
  const text = markdown.replace(/^## (.+)$/gm, (line, title: string) => {
    const count = (seen.get(title) ?? 0) + 1;
    seen.set(title, count);
    if (count === 1) return line;
    renamed++;
    return `## ${title}（${NUMERALS[count] ?? count}）`;
  });
  return { text, renamed };
}

export interface Corpus {
  summary: string;
  renamed: number;
  /** The chapter files, sorted. */
  files: string[];
}

/** Beside the corpus: what made it. A corpus whose stamp is missing (say, one being edited) is written anew. */
const STAMP = '.bench-corpus.json';

/** What made the corpus in `dir` (its stamp), or null when it is not known. */
export function corpusStamp(dir: string): string | null {
  const stamp = path.join(dir, STAMP);
  return existsSync(stamp) ? readFileSync(stamp, 'utf8') : null;
}

function chapterFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .flatMap((edition) => readdirSync(path.join(dir, edition)).filter((name) => name.endsWith('.md')).sort().map((name) => path.join(dir, edition, name)));
}

/**
 * Writes N chapters into `dir` with make-corpus.mjs, then renames repeated entry titles; or, when
 * `dir` holds the corpus the same script wrote for the same N and nothing has touched its stamp
 * since, keeps it as it is.
 */
export function makeCorpus(n: number, dir: string, makeCorpusScript: string): Corpus {
  const made = { n, generator: createHash('sha256').update(readFileSync(makeCorpusScript)).update(disambiguateTitles.toString()).digest('hex') };
  const stamp = corpusStamp(dir);
  if (stamp !== null) {
    const kept = JSON.parse(stamp) as typeof made & Omit<Corpus, 'files'>;
    if (kept.n === made.n && kept.generator === made.generator) return { summary: kept.summary, renamed: kept.renamed, files: chapterFiles(dir) };
  }
  const summary = execFileSync(process.execPath, [makeCorpusScript, String(n), dir], { encoding: 'utf8' }).trim();
  let renamed = 0;
  const files = chapterFiles(dir);
  for (const file of files) {
    const fixed = disambiguateTitles(readFileSync(file, 'utf8'));
    if (fixed.renamed > 0) {
      writeFileSync(file, fixed.text);
      renamed += fixed.renamed;
    }
  }
  writeFileSync(path.join(dir, STAMP), `${JSON.stringify({ ...made, summary, renamed })}\n`);
  return { summary, renamed, files };
}

/**
 * Runs `edit` on a corpus whose files it changes, and puts `file` back as it was afterwards. The
 * stamp is away meanwhile, so that a corpus left changed (by an interrupted run) is written anew.
 */
export function withEditedChapter<T>(dir: string, file: string, edit: () => T): T {
  const stamped = corpusStamp(dir);
  const original = readFileSync(file);
  rmSync(path.join(dir, STAMP), { force: true });
  const result = edit();
  writeFileSync(file, original);
  if (stamped !== null) writeFileSync(path.join(dir, STAMP), stamped);
  return result;
}
