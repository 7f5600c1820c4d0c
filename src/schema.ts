// The shape of all content and of every record built from it, in one place.
// Configuration schemas (what editors write) are strict: an unknown field is reported by name.
// Record schemas (what the parser produces) define the public JSON printed by `yearbook parse`.
import { z } from 'zod';

/** A slug becomes a folder name in the output: lowercase ASCII letters, digits and single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const text = z.string().trim().min(1);

// ---------------------------------------------------------------------------
// What editors write

/** content/site.yml (optional): settings for the whole site. */
export const SiteConfigSchema = z.strictObject({
  /** Site title; defaults to the yearbook title of the volumes. */
  title: text.optional(),
  /** Public address of the site, e.g. https://example.org/yearbook/ (canonical links, feeds). */
  url: z.url({ protocol: /^https?$/ }).optional(),
});
export type SiteConfig = z.infer<typeof SiteConfigSchema>;

/** content/<edition>/volume.yml: one volume (卷) of the yearbook. */
export const VolumeConfigSchema = z.strictObject({
  /** 书名, e.g. 中山年鉴 */
  title: text,
  /** 卷: the publication year, e.g. 2020 */
  edition: z.int().min(1900).max(2999),
  /** The year the volume records; defaults to edition − 1. */
  year: z.int().min(1900).max(2999).optional(),
  /** 类目, in reading order. */
  categories: z.array(text).optional(),
});
export type VolumeConfig = z.infer<typeof VolumeConfigSchema>;

/** Front matter of content/<edition>/<slug>.md: one chapter (分目). */
export const ChapterFrontMatterSchema = z.strictObject({
  title: text,
  slug: z.string().regex(SLUG_PATTERN).optional(),
  /** 类目: one of the volume's categories. */
  category: text.optional(),
  /** Position within its category; chapters without an order follow, by file name. */
  order: z.number().optional(),
  /** 撰稿人: the drafter(s) named in the signature. */
  author: z.union([text, z.array(text).min(1)]).optional(),
  /** The corporate author, e.g. 中山年鉴编纂委员会. */
  compiler: text.optional(),
  /** Where the text was first published, e.g. 《中山年鉴·2020》. */
  source: text.optional(),
  /** true: left out of `yearbook build` (but still checked). */
  draft: z.boolean().optional(),
  /** Publication date of the chapter (YYYY-MM-DD), for feeds and metadata; defaults to 1 January of the volume year. */
  date: z.iso.date().optional(),
});
export type ChapterFrontMatter = z.infer<typeof ChapterFrontMatterSchema>;

// ---------------------------------------------------------------------------
// What the parser produces

/** A see-stub's target: 详见“市情概览”类目“政治建设”分目. */
export const SeeReferenceSchema = z.object({
  category: z.string().nullable(),
  section: z.string(),
});
export type SeeReference = z.infer<typeof SeeReferenceSchema>;

/** 子条目: a paragraph opened by a bold lead-in. */
export const SubentrySchema = z.object({
  id: z.string(),
  title: z.string(),
  /** The text after the lead-in; follow-on paragraphs are joined by a blank line. */
  text: z.string(),
  line: z.int(),
});
export type Subentry = z.infer<typeof SubentrySchema>;

/** One `“term”：definition` item of a 资料链接 sidebar. Terms are stored without their quotes. */
export const SidebarItemSchema = z.object({
  term: z.string(),
  definition: z.string(),
});
export type SidebarItem = z.infer<typeof SidebarItemSchema>;

/** 资料链接: a box attached to its entry. */
export const SidebarSchema = z.object({
  title: z.string(),
  items: z.array(SidebarItemSchema),
  /** Paragraphs of the box that are not term items. */
  paragraphs: z.array(z.string()),
  line: z.int(),
});
export type Sidebar = z.infer<typeof SidebarSchema>;

export const EntryKindSchema = z.enum(['overview', 'entry', 'see']);
export type EntryKind = z.infer<typeof EntryKindSchema>;

/** 条目: the basic unit of record. */
export const EntrySchema = z.object({
  /** Anchor on the chapter page: readable, stable, unique within the chapter. */
  id: z.string(),
  title: z.string(),
  kind: EntryKindSchema,
  /** Paragraphs before the first sub-entry, as plain text. */
  paragraphs: z.array(z.string()),
  subentries: z.array(SubentrySchema),
  sidebars: z.array(SidebarSchema),
  /** Set for a see-stub (kind "see"). */
  see: SeeReferenceSchema.nullable(),
  line: z.int(),
});
export type Entry = z.infer<typeof EntrySchema>;

export const TermKindSchema = z.enum(['sidebar', 'abbreviation', 'gloss']);
export type TermKind = z.infer<typeof TermKindSchema>;

/**
 * 名词解释: a term the text defines. "sidebar": a `“term”：definition` item of a 资料链接 box;
 * "abbreviation": `全称（简称“term”）`, the definition is the full form; "gloss": `“term”（指……）`.
 */
export const TermSchema = z.object({
  term: z.string(),
  definition: z.string(),
  kind: TermKindSchema,
  /** Anchor of the entry (条目) that defines it. */
  entry: z.string(),
});
export type Term = z.infer<typeof TermSchema>;

/**
 * A statistical figure found in the text (数据): 培训党员13万人次 → 130000 人次, label 培训党员.
 * Dates, years, addresses and ordinals are not figures.
 */
export const FactSchema = z.object({
  /** The number in base units: 13万人次 → 130000, 1500万元 → 15000000; a percentage as written (319.8). */
  value: z.number(),
  /** The upper bound when the figure is a range (30～50人); `value` is then the lower bound. */
  max: z.number().nullable(),
  /** The measure word (量词) without its multiplier: 人, 人次, 名, 场次, 项, 个, 家, 所, %, 元 … */
  unit: z.string(),
  /** The phrase that says what is counted, e.g. 新发展党员. */
  label: z.string(),
  /** The figure as written, e.g. 13万人次. */
  text: z.string(),
  /** Written as an approximation: 100余人次, 近千人, 约5万元, 500人以上. */
  approximate: z.boolean(),
  /** Id of the entry (条目) it comes from. */
  entry: z.string(),
  /** Id of the sub-entry (子条目), when it comes from one. */
  subentry: z.string().nullable(),
  /** Anchor of its sentence on the chapter page, e.g. 党组织建设-s5. */
  sentence: z.string(),
  /** The sentence it comes from, as written. */
  context: z.string(),
});
export type Fact = z.infer<typeof FactSchema>;

/** 分目: one chapter, with its volume's fields filled in. */
export const ChapterSchema = z.object({
  /** 书名 */
  yearbook: z.string(),
  /** 卷 */
  edition: z.int(),
  /** Record year */
  year: z.int(),
  title: z.string(),
  slug: z.string().regex(SLUG_PATTERN),
  /** 类目 */
  category: z.string().nullable(),
  order: z.number().nullable(),
  /** 撰稿人 */
  author: z.array(z.string()),
  /** Corporate author (编纂单位) */
  compiler: z.string().nullable(),
  source: z.string().nullable(),
  draft: z.boolean(),
  /** Publication date, YYYY-MM-DD (front matter `date`, else 1 January of the volume year). */
  date: z.string(),
  /** Source file, relative to the working directory. */
  file: z.string(),
  entries: z.array(EntrySchema),
  /** Terms the chapter defines, in reading order. */
  terms: z.array(TermSchema),
  /** Every statistical figure of the text, in reading order. */
  facts: z.array(FactSchema),
});
export type Chapter = z.infer<typeof ChapterSchema>;

/** One figure as the data pages offer it for download (facts.json, facts.csv): the fact and where it is. */
export const FactRowSchema = FactSchema.extend({
  /** 卷 */
  edition: z.int(),
  /** Record year */
  year: z.int(),
  /** Chapter (分目) title and slug. */
  chapter: z.string(),
  slug: z.string(),
  /** Title of the entry (条目). */
  entryTitle: z.string(),
  /** The sentence on the chapter page: absolute when the site's url is set, else from the site's root. */
  url: z.string(),
});
export type FactRow = z.infer<typeof FactRowSchema>;

/** facts.json: the figures of a chapter, or of a whole volume (chapter null). */
export const FactsFileSchema = z.object({
  yearbook: z.string(),
  edition: z.int(),
  year: z.int(),
  chapter: z.string().nullable(),
  facts: z.array(FactRowSchema),
});
export type FactsFile = z.infer<typeof FactsFileSchema>;

/** A volume as the site shows it. */
export interface Volume {
  yearbook: string;
  edition: number;
  year: number;
  categories: string[];
  dir: string;
  chapters: Chapter[];
}
