// Series (历年数据): the same figure reported by several volumes. A figure belongs to a series
// when the chapters share their slug and the facts their label and unit; a volume that reports the
// label twice in that chapter (调研课题 33个 and 816个) is left out of it, since which one continues
// the series cannot be told.
import type { Fact } from '../schema.ts';
import type { ChapterModel, VolumeModel } from '../pipeline/model.ts';

export interface SeriesPoint {
  edition: number;
  year: number;
  fact: Fact;
  chapter: ChapterModel;
}

export interface Series {
  slug: string;
  label: string;
  unit: string;
  /** Oldest first; at least two. */
  points: SeriesPoint[];
}

const seriesKey = (slug: string, fact: Fact) => JSON.stringify([slug, fact.label, fact.unit]);

/** Every series of the site, in the order their labels first appear in the newest volume. */
export function findSeries(volumes: readonly VolumeModel[]): Series[] {
  const byKey = new Map<string, Series>();
  const ordered = [...volumes].sort((a, b) => b.edition - a.edition);
  for (const volume of ordered) {
    for (const chapter of volume.chapters) {
      const counts = new Map<string, number>();
      for (const fact of chapter.record.facts) {
        if (fact.label) counts.set(seriesKey(chapter.record.slug, fact), (counts.get(seriesKey(chapter.record.slug, fact)) ?? 0) + 1);
      }
      for (const fact of chapter.record.facts) {
        const key = seriesKey(chapter.record.slug, fact);
        if (counts.get(key) !== 1) continue;
        let series = byKey.get(key);
        if (!series) {
          series = { slug: chapter.record.slug, label: fact.label, unit: fact.unit, points: [] };
          byKey.set(key, series);
        }
        series.points.push({ edition: volume.edition, year: volume.year, fact, chapter });
      }
    }
  }
  return [...byKey.values()]
    .filter((s) => s.points.length >= 2)
    .map((s) => ({ ...s, points: [...s.points].sort((a, b) => a.year - b.year) }));
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
export function barChart(series: Series, format: (fact: Fact) => string): BarChart {
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
