// The benchmark corpus: ../shared/bench/make-corpus.mjs writes our content format
// (DIR/<edition>/volume.yml, DIR/<edition>/<slug>.md), but it draws entry titles with replacement, so
// about 1 chapter in 60 has two entries with the same title, which `yearbook build` rejects as an
// error (a reader could not tell the two anchors apart). The second and later uses of a title in a
// chapter get a numbered suffix, e.g. "## 信访工作举措（二）"; nothing else changes, and every tool
// is then given these same bytes.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/** Writes N chapters into `dir` with make-corpus.mjs, then renames repeated entry titles. */
export function makeCorpus(n: number, dir: string, makeCorpusScript: string): { summary: string; renamed: number; files: string[] } {
  const summary = execFileSync(process.execPath, [makeCorpusScript, String(n), dir], { encoding: 'utf8' }).trim();
  let renamed = 0;
  const files: string[] = [];
  for (const edition of readdirSync(dir).sort()) {
    for (const name of readdirSync(path.join(dir, edition)).sort()) {
      if (!name.endsWith('.md')) continue;
      const file = path.join(dir, edition, name);
      files.push(file);
      const fixed = disambiguateTitles(readFileSync(file, 'utf8'));
      if (fixed.renamed > 0) {
        writeFileSync(file, fixed.text);
        renamed += fixed.renamed;
      }
    }
  }
  return { summary, renamed, files };
}
