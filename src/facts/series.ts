// Series (历年数据): the same figure reported by several volumes. A figure belongs to a series
// when the chapters share their slug and the facts their label and unit; a volume that reports the
// label twice in that chapter (调研课题 33个 and 816个) is left out of it, since which one continues
// the series cannot be told.
import type { Fact } from '../schema.ts';
import { digest, type VolumeModel } from '../pipeline/model.ts';

/** What a series shows of a figure (a Fact without its place in the text, which `index` gives). */
export type SeriesFact = Pick<Fact, 'value' | 'max' | 'unit' | 'label' | 'text' | 'approximate' | 'sentence'>;

/** A figure of a volume that may continue a series: its label is reported once in its chapter. */
export interface SeriesCandidate {
  slug: string;
  yearbook: string;
  /** Where the fact is in its chapter's record.facts. */
  index: number;
  fact: SeriesFact;
}

export interface SeriesPoint extends SeriesCandidate {
  edition: number;
  year: number;
}

export interface Series {
  slug: string;
  label: string;
  unit: string;
  /** Oldest first; at least two. */
  points: SeriesPoint[];
}

// Lengths before the parts keep the key one-to-one, as JSON would, for less work (two per figure).
const seriesKey = (slug: string, fact: Pick<Fact, 'label' | 'unit'>) => `${slug.length}:${slug}${fact.label.length}:${fact.label}${fact.unit}`;

/** Every series of the site, in the order their labels first appear in the newest volume. */
export function findSeries(volumes: readonly VolumeModel[]): Series[] {
  const byKey = new Map<string, Series>();
  const ordered = [...volumes].sort((a, b) => b.edition - a.edition);
  for (const volume of ordered) {
    for (const candidate of seriesCandidates(volume)) {
      const key = seriesKey(candidate.slug, candidate.fact);
      let series = byKey.get(key);
      if (!series) {
        series = { slug: candidate.slug, label: candidate.fact.label, unit: candidate.fact.unit, points: [] };
        byKey.set(key, series);
      }
      // Written out: V8 makes a spread with keys after it through a slow path.
      series.points.push({ slug: candidate.slug, yearbook: candidate.yearbook, index: candidate.index, fact: candidate.fact, edition: volume.edition, year: volume.year });
    }
  }
  return [...byKey.values()]
    .filter((s) => s.points.length >= 2)
    .map((s) => ({ ...s, points: [...s.points].sort((a, b) => a.year - b.year) }));
}

/** The figures of a volume that may continue a series, in reading order (kept with the volume: see `digest`). */
export function seriesCandidates(volume: VolumeModel): SeriesCandidate[] {
  return digest(volume, 'series-candidates', (v) =>
    v.chapters.flatMap((chapter) => {
      const { slug, yearbook, facts } = chapter.record;
      const counts = new Map<string, number>();
      for (const fact of facts) {
        if (!fact.label) continue;
        const key = seriesKey(slug, fact);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return facts.flatMap(({ value, max, unit, label, text, approximate, sentence }, index) =>
        counts.get(seriesKey(slug, { unit, label })) === 1 ? [{ slug, yearbook, index, fact: { value, max, unit, label, text, approximate, sentence } }] : [],
      );
    }),
  );
}

export interface BarChart {
  width: number;
  height: number;
  /** y of the axis line. */
  baseline: number;
  bars: { x: number; y: number; width: number; height: number; centre: number; valueY: number; year: number; value: string }[];
}

const CHART = { width: 320, height: 180, top: 24, bottom: 28, side: 16, gap: 0.4 };

/** Bar geometry of a series, drawn at build time by templates/_series-chart.liquid. */
export function barChart(series: Series, format: (fact: SeriesFact) => string): BarChart {
  const max = Math.max(...series.points.map((p) => p.fact.max ?? p.fact.value), 0);
  const baseline = CHART.height - CHART.bottom;
  const plot = baseline - CHART.top;
  const slot = (CHART.width - 2 * CHART.side) / series.points.length;
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    width: CHART.width,
    height: CHART.height,
    baseline,
    bars: series.points.map((p, i) => {
      const height = max > 0 ? round((p.fact.value / max) * plot) : 0;
      const x = round(CHART.side + i * slot + (slot * CHART.gap) / 2);
      return {
        x,
        y: round(baseline - height),
        width: round(slot * (1 - CHART.gap)),
        height,
        centre: round(CHART.side + (i + 0.5) * slot),
        valueY: round(baseline - height - 6),
        year: p.year,
        value: format(p.fact),
      };
    }),
  };
}
