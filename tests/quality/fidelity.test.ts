// Fidelity to the record: every sentence of the seed's source text (组织工作(2019) of
// 《中山年鉴·2020》, as published) appears, in order, on the built chapter page. The source uses
// half-width , ; : ( ) where the yearbook prints full-width ones; those are folded before comparing.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DomUtils } from 'htmlparser2';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.ts';
import { parseHtml } from '../support/links.ts';
import { buildSite } from '../support/site.ts';

/** The seed page as published, kept in the repository as a byte copy so that a fresh clone has it. */
const SEED = path.join(ROOT, 'tests', 'fixtures', 'import', 'seed.txt');
/** The original in shared/, beside the clone in CI, when it is there. */
const SHARED_SEED = path.resolve(ROOT, '..', 'shared', 'seeds', '000_29586877cfbdb7b8.txt');

const FOLD: Record<string, string> = { ',': '，', ';': '；', ':': '：', '(': '（', ')': '）' };
const fold = (text: string) => text.replace(/[,;:()]/g, (c) => FOLD[c]!);
const squash = (text: string) => text.replace(/[\s\u00a0\u3000]+/g, '');

/**
 * The sentences of the source chapter: its body lines without the title line, the metadata line
 * and the footer line, cut after 。；！？, at the 【】 around entry titles and at the space after a
 * sub-entry's lead-in. The sidebar's label ·资料链接· loses its decorative dots.
 */
function sourceSentences(text: string): string[] {
  const lines = text.split('\n').map((l) => l.replace(/\u00a0/g, ' ').trim());
  const body = lines.slice(2).filter((l) => l && !l.startsWith('上一篇'));
  return body.flatMap((line) =>
    fold(line)
      .split(/[【】]|\s+|(?<=[。；！？])/)
      .map((s) => s.replace(/^·(.+)·$/, '$1').trim())
      .filter(Boolean),
  );
}

/** The sentences not found on the page in order (each searched for after the one before). */
function missingSentences(sentences: string[], text: string): string[] {
  let from = 0;
  const missing: string[] = [];
  for (const sentence of sentences) {
    const at = text.indexOf(squash(sentence), from);
    if (at === -1) missing.push(sentence);
    else from = at + squash(sentence).length;
  }
  return missing;
}

let seed: string;
let pageText: string;

beforeAll(() => {
  seed = readFileSync(SEED, 'utf8');
  const site = buildSite();
  const html = readFileSync(path.join(site.out, '2020', 'zuzhi-gongzuo', 'index.html'), 'utf8');
  const main = DomUtils.findOne((el) => el.name === 'main', parseHtml(html).children);
  // The table of contents repeats the entry titles before the text: read from the first entry on.
  const entries = DomUtils.findAll((el) => el.name === 'section' || (el.name === 'footer' && /chapter-footer/.test(el.attribs.class ?? '')), main!.children);
  pageText = squash(fold(entries.map((el) => DomUtils.textContent(el)).join('\n')));
});

it('reads the same bytes as the seed in shared/, where that is beside the repository', () => {
  if (existsSync(SHARED_SEED)) expect(readFileSync(SHARED_SEED, 'utf8')).toBe(seed);
  else expect(seed).toMatch(/^组织工作\(2019\)\n/);
});

describe('the seed chapter on its page', () => {
  it('reads the source: over 100 sentences, the first and the last as published', () => {
    const sentences = sourceSentences(seed);
    expect(sentences.length).toBeGreaterThan(100);
    expect(sentences[0]).toBe('组织工作概况');
    expect(sentences[1]).toMatch(/^2019年，中共中山市委组织部（简称“市委组织部”）/);
    expect(sentences.at(-1)).toBe('（黄春明）');
  });

  it('shows every sentence of the source, in order', () => {
    expect(missingSentences(sourceSentences(seed), pageText)).toEqual([]);
  });

  it('would notice a sentence left out, or two sentences swapped', () => {
    const sentences = sourceSentences(seed);
    expect(missingSentences(sentences, pageText.replace(squash(sentences[40]!), ''))).toEqual([sentences[40]]);
    const swapped = [...sentences];
    [swapped[60], swapped[61]] = [swapped[61]!, swapped[60]!];
    expect(missingSentences(swapped, pageText)).toHaveLength(1);
  });
});
