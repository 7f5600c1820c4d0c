// Data pages (数据): the statistical figures of each chapter and of each volume as a sortable
// table linked to the sentences they come from, downloadable as CSV and JSON; each chapter's whole
// record as JSON beside its page; the JSON Schemas of those files; and, when several volumes
// report the same figure, its series drawn as a bar chart at build time.
import { z } from 'zod';
import { factsCsv } from '../facts/csv.ts';
import { barChart, findSeries, type Series, type SeriesPoint } from '../facts/series.ts';
import { ChapterSchema, FactsFileSchema, type Fact, type FactRow, type FactsFile } from '../schema.ts';
import type { ChapterModel, SiteModel, VolumeModel } from '../pipeline/model.ts';
import { SharedAcrossScripts, type PageFile, type PageGenerator, type SiteContext, type VolumePageGenerator } from '../pipeline/render.ts';
import { chapterBreadcrumbs } from './chapter.ts';
import { chapterPath, pageData, volumeLabel, volumePath, type Link } from './urls.ts';

export const SCHEMA_DIR = 'schema/';
export const CHAPTER_SCHEMA = `${SCHEMA_DIR}chapter.schema.json`;
export const FACTS_SCHEMA = `${SCHEMA_DIR}facts.schema.json`;

export function chapterDataPath(edition: number, slug: string): string {
  return `${chapterPath(edition, slug)}data/`;
}

export function volumeDataPath(edition: number): string {
  return `${volumePath(edition)}data/`;
}

/** The chapter record as `yearbook parse` prints it, published beside the chapter page. */
export function recordPath(edition: number, slug: string): string {
  return `${chapterPath(edition, slug)}record.json`;
}

// The series across volumes, worked out once per build (findSeries reads every volume's figures),
// and listed by the editions they have a figure of.
const seriesOfSite = new WeakMap<VolumeModel[], Map<number, Series[]>>();

/** The series a volume's data pages show: those with a figure of this volume, in the site's order. */
function seriesOfVolume(volumes: VolumeModel[], volume: VolumeModel): Series[] {
  let byEdition = seriesOfSite.get(volumes);
  if (!byEdition) {
    byEdition = new Map();
    for (const series of findSeries(volumes)) {
      for (const edition of new Set(series.points.map((p) => p.edition))) {
        const list = byEdition.get(edition);
        if (list) list.push(series);
        else byEdition.set(edition, [series]);
      }
    }
    seriesOfSite.set(volumes, byEdition);
  }
  return byEdition.get(volume.edition) ?? [];
}

// What a volume's data pages show of other volumes, the same for both scripts.
const seriesKeys = new WeakMap<Series[], string>();

/** Each chapter's data page and downloads, and the volume's. */
export const dataPages: VolumePageGenerator = {
  name: 'data',
  *pages(context, volume) {
    const { site, renderer, script } = context;
    const series = seriesOfVolume(context.volumes, volume);
    // The pages exist in both scripts; the downloads are data, the same for both, so they are made
    // once, in the site root's folders, and the Traditional pages link there.
    const downloads = script.prefix === '';
    // Each chapter's rows go into its own downloads and the volume's.
    const rowsOf = new Map<ChapterModel, FactRow[]>();
    const factRowsOf = (chapter: ChapterModel) => {
      let rows = rowsOf.get(chapter);
      if (!rows) rowsOf.set(chapter, (rows = factRows(site, volume, chapter)));
      return rows;
    };
    for (const chapter of volume.chapters) {
      const dir = chapterDataPath(volume.edition, chapter.record.slug);
      const page = { path: `${dir}index.html`, content: renderer.render('data', chapterDataPage(context, volume, chapter, series)) };
      if (!downloads) {
        yield page;
        continue;
      }
      const rows = factRowsOf(chapter);
      const file: FactsFile = { yearbook: volume.yearbook, edition: volume.edition, year: volume.year, chapter: chapter.record.title, facts: rows };
      yield { path: recordPath(volume.edition, chapter.record.slug), content: json(chapter.record) };
      yield { path: `${dir}facts.json`, content: json(file) };
      yield { path: `${dir}facts.csv`, content: factsCsv(rows) };
      yield page;
    }
    yield* volumeDataFiles(context, volume, downloads, factRowsOf);
  },
  // A data page shows the figures of other years in its series.
  dependsOn(context, volume) {
    const series = seriesOfVolume(context.volumes, volume);
    let key = seriesKeys.get(series);
    if (key === undefined) {
      key = JSON.stringify(series.map((s) => [s.label, s.unit, s.points.map((p) => [p.edition, p.year, p.slug, p.yearbook, p.fact])]));
      seriesKeys.set(series, key);
    }
    return key;
  },
};

/** The JSON Schemas of the downloads, once (they are data, the same for both scripts). */
export const dataSchemas: PageGenerator = (context) =>
  context.script.prefix !== ''
    ? []
    : [
        { path: CHAPTER_SCHEMA, content: json(jsonSchema(ChapterSchema, '年鉴分目记录 (yearbook chapter record, as `yearbook parse` prints it)')) },
        { path: FACTS_SCHEMA, content: json(jsonSchema(FactsFileSchema, '年鉴数据 (statistical figures of a chapter or volume: facts.json)')) },
      ];

function volumeDataFiles(context: SiteContext, volume: VolumeModel, withDownloads: boolean, factRowsOf: (chapter: ChapterModel) => FactRow[]): PageFile[] {
  const { renderer } = context;
  const dir = volumeDataPath(volume.edition);
  // The page shows only how many figures there are; the rows are made for the downloads, which
  // exist once (with the Simplified pages), not again for the Traditional page.
  const count = volume.chapters.reduce((n, chapter) => n + chapter.record.facts.length, 0);
  const label = volumeLabel(volume.yearbook, volume.edition);
  const page = pageData(context, dir, `数据 - ${label}`, [
    { label: '首页', href: '../../' },
    { label, href: '../' },
    { label: '数据', href: null },
  ]);
  const data = {
    page,
    heading: `${label} · 数据`,
    summary: `本卷 ${volume.chapters.length} 个分目正文中的统计数据，共 ${count} 项，按原文顺序排列。`,
    caption: `${label}的数据`,
    showChapter: true,
    downloads: downloads(page.siteRoot, dir, null),
    chapters: volume.chapters.map((c) => ({
      title: c.record.title,
      href: `${page.root}${chapterDataPath(volume.edition, c.record.slug)}`,
      count: c.record.facts.length,
    })),
    rows: sharedRows.get(context, volume, null, () => {
      const rows: TableRow[] = [];
      for (const chapter of volume.chapters) tableRows(chapter, `${page.root}${chapterPath(volume.edition, chapter.record.slug)}`, new Map(), rows);
      return rows;
    }),
    series: [],
  };
  const html = { path: `${dir}index.html`, content: renderer.render('data', data) };
  if (!withDownloads) return [html];
  const rows = volume.chapters.flatMap(factRowsOf);
  const file: FactsFile = { yearbook: volume.yearbook, edition: volume.edition, year: volume.year, chapter: null, facts: rows };
  return [{ path: `${dir}facts.json`, content: json(file) }, { path: `${dir}facts.csv`, content: factsCsv(rows) }, html];
}

function chapterDataPage(context: SiteContext, volume: VolumeModel, chapter: ChapterModel, allSeries: Series[]) {
  const { record } = chapter;
  const label = volumeLabel(volume.yearbook, volume.edition);
  const breadcrumbs: Link[] = [...chapterBreadcrumbs(label, record, 1), { label: '数据', href: null }];
  const { site } = context;
  const page = pageData(context, chapterDataPath(volume.edition, record.slug), `${record.title} · 数据 - ${label}`, breadcrumbs);
  const own = (p: SeriesPoint) => p.edition === volume.edition && p.slug === record.slug;
  const series = allSeries.filter((s) => s.points.some(own));
  // By the fact's place in the chapter: a point may be a copy kept with the volume (series.ts).
  const seriesOf = new Map<number, string>();
  series.forEach((s, i) => s.points.forEach((p) => own(p) && seriesOf.set(p.index, `#series-${i + 1}`)));
  return {
    page,
    heading: `${record.title} · 数据`,
    summary: `《${label}》“${record.title}”（记述 ${record.year} 年）正文中的统计数据，共 ${record.facts.length} 项，按原文顺序排列；点击原文可跳到所在句子。`,
    caption: `${record.title}的数据`,
    showChapter: false,
    downloads: downloads(page.siteRoot, chapterDataPath(volume.edition, record.slug), recordPath(volume.edition, record.slug)),
    chapters: [],
    rows: sharedRows.get(context, volume, chapter, () => tableRows(chapter, '../', seriesOf, [])),
    series: series.map((s, i) => ({
      id: `series-${i + 1}`,
      label: s.label,
      unit: s.unit,
      chart: barChart(s, formatValue),
      points: s.points.map((p) => ({
        year: p.year,
        volume: volumeLabel(p.yearbook, p.edition),
        value: formatValue(p.fact),
        text: p.fact.text,
        href: `${page.root}${chapterPath(p.edition, p.slug)}#${p.fact.sentence}`,
        current: own(p),
      })),
    })),
  };
}

/** Links to the downloads, which are in the site root's folders (`dir`) for both scripts. */
function downloads(siteRoot: string, dir: string, record: string | null) {
  return {
    csv: `${siteRoot}${dir}facts.csv`,
    json: `${siteRoot}${dir}facts.json`,
    record: record === null ? null : `${siteRoot}${record}`,
    chapterSchema: `${siteRoot}${CHAPTER_SCHEMA}`,
    factsSchema: `${siteRoot}${FACTS_SCHEMA}`,
  };
}

type TableRow = ReturnType<typeof tableRow>;

// The table of a chapter's data page (or, for null, of its volume's): the same in both scripts, and
// made once for both (a volume's table has thousands of rows).
const sharedRows = new SharedAcrossScripts<ChapterModel | null, TableRow[]>();

/**
 * Table rows of a chapter's figures, added to `rows` and numbered on from its length;
 * `chapterHref` leads to the chapter page from the data page.
 */
function tableRows(chapter: ChapterModel, chapterHref: string, seriesOf: Map<number, string>, rows: TableRow[]): TableRow[] {
  const titles = new Map(chapter.record.entries.map((e) => [e.id, e.title]));
  chapter.record.facts.forEach((fact, index) => rows.push(tableRow(chapter, chapterHref, titles, seriesOf, fact, index, rows.length + 1)));
  return rows;
}

function tableRow(chapter: ChapterModel, chapterHref: string, titles: Map<string, string>, seriesOf: Map<number, string>, fact: Fact, index: number, n: number) {
  return {
    n,
    chapter: chapter.record.title,
    chapterHref,
    entry: titles.get(fact.entry) ?? fact.entry,
    entryHref: `${chapterHref}#${fact.entry}`,
    label: fact.label,
    seriesHref: seriesOf.get(index) ?? null,
    value: formatValue(fact),
    sortValue: fact.value,
    unit: fact.unit,
    text: fact.text,
    href: `${chapterHref}#${fact.sentence}`,
  };
}

/** The figures of a chapter with where they are, for facts.json and facts.csv. */
export function factRows(site: SiteModel, volume: VolumeModel, chapter: ChapterModel): FactRow[] {
  const { record } = chapter;
  const titles = new Map(record.entries.map((e) => [e.id, e.title]));
  const base = `${site.url ?? ''}${chapterPath(volume.edition, record.slug)}`;
  // Written out, the fact's keys in their order: V8 makes `{ ...fact, edition, … }` through a slow
  // path, some microseconds a row (0.1 s of a 4,000-chapter build), against a tenth of one.
  return record.facts.map((fact) => ({
    value: fact.value,
    max: fact.max,
    unit: fact.unit,
    label: fact.label,
    text: fact.text,
    approximate: fact.approximate,
    entry: fact.entry,
    subentry: fact.subentry,
    sentence: fact.sentence,
    context: fact.context,
    edition: volume.edition,
    year: volume.year,
    chapter: record.title,
    slug: record.slug,
    entryTitle: titles.get(fact.entry) ?? fact.entry,
    url: `${base}#${fact.sentence}`,
  }));
}

/** 130000 → 130,000; a range 30–50; 约 before an approximate figure. */
export function formatValue(fact: Pick<Fact, 'value' | 'max' | 'approximate'>): string {
  const group = (n: number) => {
    const [whole, fraction] = String(n).split('.') as [string, string?];
    return whole.replace(/\B(?=(\d{3})+$)/g, ',') + (fraction ? `.${fraction}` : '');
  };
  const value = fact.max === null ? group(fact.value) : `${group(fact.value)}–${group(fact.max)}`;
  return fact.approximate ? `约 ${value}` : value;
}

function jsonSchema(schema: z.ZodType, title: string): object {
  const generated = z.toJSONSchema(schema);
  return { $schema: generated.$schema, title, ...generated };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
