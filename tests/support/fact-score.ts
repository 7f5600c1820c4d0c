// Scores extracted figures against a hand-labelled list: recall and precision of the figures
// (entry + value + unit), and separately how many of the found figures got the hand label.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkContent } from '../../src/build.ts';
import type { Fact } from '../../src/schema.ts';
import { ROOT } from './cli.ts';

export interface LabelledFact {
  entry: string;
  value: number;
  unit: string;
  label: string;
  approximate?: boolean;
}

export interface FactScore {
  expected: number;
  found: number;
  matched: number;
  recall: number;
  precision: number;
  /** Share of matched figures whose label is the hand label, exactly. */
  labelAccuracy: number;
  /** Share of matched figures whose approximate flag is the hand one. */
  approximateAccuracy: number;
  missed: LabelledFact[];
  extra: Fact[];
  wrongLabels: { expected: string; found: string; text: string }[];
}

const key = (f: { entry: string; value: number; unit: string }) => `${f.entry}|${f.value}|${f.unit}`;

export function scoreFacts(expected: LabelledFact[], found: Fact[]): FactScore {
  const unmatched = [...found];
  const missed: LabelledFact[] = [];
  const wrongLabels: FactScore['wrongLabels'] = [];
  let matched = 0;
  let rightLabels = 0;
  let rightApproximate = 0;
  for (const e of expected) {
    // Among figures with the same value and unit, the one with the same label is the match.
    const candidates = unmatched.filter((f) => key(f) === key(e));
    const pick = candidates.find((f) => f.label === e.label) ?? candidates[0];
    if (!pick) {
      missed.push(e);
      continue;
    }
    unmatched.splice(unmatched.indexOf(pick), 1);
    matched++;
    if (pick.label === e.label) rightLabels++;
    else wrongLabels.push({ expected: e.label, found: pick.label, text: pick.text });
    if (pick.approximate === (e.approximate ?? false)) rightApproximate++;
  }
  return {
    expected: expected.length,
    found: found.length,
    matched,
    recall: expected.length ? matched / expected.length : 1,
    precision: found.length ? matched / found.length : 1,
    labelAccuracy: matched ? rightLabels / matched : 1,
    approximateAccuracy: matched ? rightApproximate / matched : 1,
    missed,
    extra: unmatched,
    wrongLabels,
  };
}

/** The seed chapter's figures as extracted, scored against tests/fixtures/facts/seed-labels.json. */
export async function scoreSeed(): Promise<FactScore> {
  const labels = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/facts/seed-labels.json'), 'utf8')) as { facts: LabelledFact[] };
  const { site } = await checkContent(path.join(ROOT, 'content'));
  const chapter = site.volumes.find((v) => v.edition === 2020)!.chapters.find((c) => c.record.slug === 'zuzhi-gongzuo')!;
  return scoreFacts(labels.facts, chapter.record.facts);
}

export function formatScore(score: FactScore): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    `figures: ${score.expected} labelled by hand, ${score.found} extracted, ${score.matched} matched (entry + value + unit)`,
    `recall ${pct(score.recall)}, precision ${pct(score.precision)}`,
    `labels: ${pct(score.labelAccuracy)} exactly as labelled by hand; approximate flag right in ${pct(score.approximateAccuracy)}`,
    ...score.missed.map((m) => `  missed: ${m.entry} ${m.value} ${m.unit} ${m.label}`),
    ...score.extra.map((f) => `  extra: ${f.entry} ${f.text} (${f.label})`),
    ...score.wrongLabels.map((w) => `  label: ${w.text} → “${w.found}”, by hand “${w.expected}”`),
  ].join('\n');
}
