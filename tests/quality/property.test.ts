// Property tests (fast-check): for generated chapters, the parser never throws, every sentence of
// every entry reaches the rendered page in order, and the ids on the page stay unique.
import { DomUtils } from 'htmlparser2';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from '../../src/build.ts';
import { Diagnostics } from '../../src/diagnostics.ts';
import { chapterPages } from '../../src/pages/chapter.ts';
import { textHash } from '../../src/pipeline/load.ts';
import { buildSiteModel, parseChapter } from '../../src/pipeline/model.ts';
import { Renderer, renderSite } from '../../src/pipeline/render.ts';
import type { VolumeConfig } from '../../src/schema.ts';
import { elements, parseHtml } from '../support/links.ts';

const RUNS = 100;
const VOLUME: VolumeConfig = { title: '中山年鉴', edition: 2020, categories: ['政治'] };
const renderer = new Renderer(DEFAULT_TEMPLATES);

// ---------------------------------------------------------------------------
// Generated chapters

const han = fc.constantFrom(...'中山市委组织部党建干部人才公务员年月日开展工作全面推进基层建设主题教育习近平新时代'.split(''));
const ascii = fc.constantFrom(...'abcxyzABCXYZ0123456789'.split(''));
const inner = fc.constantFrom('，', '、', '“', '”', '（', '）', '《', '》', '：', '—', '·', '%', '~');
/** A sentence: Chinese with some Latin letters, digits and punctuation, ending in 。 or ；. */
const sentence = fc
  .tuple(fc.array(fc.oneof({ weight: 6, arbitrary: han }, { weight: 2, arbitrary: ascii }, { weight: 1, arbitrary: inner }), { minLength: 1, maxLength: 30 }), fc.constantFrom('。', '；', '！', '？'))
  .map(([chars, end]) => chars.join('') + end)
  // A line must not start like Markdown syntax (a list number "1." is not text).
  .filter((s) => !/^\d+[.)]/.test(s));
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 4 });
/** Titles from a small vocabulary, so that anchors collide often (and with the page's own ids). */
const titleWord = fc.constantFrom('组织', '工作', '概况', '人才', 'toc', 'heading', 'title', 'main', 'top', '1', '2019年', '党建', '-', ' ', '·', '（一）');
const title = fc.array(titleWord, { minLength: 1, maxLength: 4 }).map((w) => w.join('').trim()).filter((t) => /[\p{L}\p{N}]/u.test(t) && !/^[\d-]/.test(t));

interface GeneratedEntry {
  title: string;
  paragraphs: string[][];
  subentries: { title: string; paragraphs: string[][] }[];
  sidebar: { label: string; items: { term: string; definition: string[] }[] } | null;
}

const entry: fc.Arbitrary<GeneratedEntry> = fc.record({
  title,
  paragraphs: fc.array(paragraph, { maxLength: 3 }),
  subentries: fc.array(fc.record({ title, paragraphs: fc.array(paragraph, { minLength: 1, maxLength: 2 }) }), { maxLength: 3 }),
  sidebar: fc.option(fc.record({ label: fc.constantFrom('资料链接', '相关链接'), items: fc.array(fc.record({ term: title, definition: paragraph }), { minLength: 1, maxLength: 3 }) }), { freq: 3 }),
});
const chapter = fc.uniqueArray(entry, { minLength: 1, maxLength: 6, selector: (e) => e.title });

function toMarkdown(entries: GeneratedEntry[]): string {
  const blocks: string[] = [];
  for (const e of entries) {
    blocks.push(`## ${e.title}`);
    for (const p of e.paragraphs) blocks.push(p.join(''));
    for (const s of e.subentries) {
      blocks.push(`**${s.title}** ${s.paragraphs[0]!.join('')}`);
      for (const p of s.paragraphs.slice(1)) blocks.push(p.join(''));
    }
    if (e.sidebar) {
      blocks.push(`:::sidebar[${e.sidebar.label}]`, ...e.sidebar.items.map((i) => `**“${i.term}”**：${i.definition.join('')}`), ':::');
    }
  }
  return `---\ntitle: 生成的分目\ncategory: 政治\n---\n\n${blocks.join('\n\n')}\n`;
}

/** The source text of every entry, in reading order, sentence by sentence. */
function sentencesOf(entries: GeneratedEntry[]): string[] {
  return entries.flatMap((e) => [
    e.title,
    ...e.paragraphs.flat(),
    ...e.subentries.flatMap((s) => [s.title, ...s.paragraphs.flat()]),
    ...(e.sidebar ? [e.sidebar.label, ...e.sidebar.items.flatMap((i) => [i.term, ...i.definition])] : []),
  ]);
}

function parse(markdown: string) {
  const diagnostics = new Diagnostics();
  const source = { path: 'content/2020/generated.md', absolute: '/content/2020/generated.md', text: markdown };
  const model = parseChapter(source, { config: VOLUME, file: 'content/2020/volume.yml' }, diagnostics);
  return { model, diagnostics };
}

/** Builds the chapter page from Markdown, in memory, as the build does. */
function renderPage(markdown: string): { html: string; diagnostics: Diagnostics } {
  const diagnostics = new Diagnostics();
  const volumeText = 'title: 中山年鉴\nedition: 2020\ncategories: [政治]\n';
  const volumeYml = { path: 'content/2020/volume.yml', absolute: '/content/2020/volume.yml', text: volumeText, hash: textHash(volumeText) };
  const chapterMd = { path: 'content/2020/generated.md', absolute: '/content/2020/generated.md', text: markdown, hash: textHash(markdown) };
  const site = buildSiteModel({ dir: '/content', site: null, volumes: [{ name: '2020', dir: '/content/2020', config: volumeYml, chapters: [chapterMd] }] }, diagnostics);
  const [page] = renderSite(site, renderer, [chapterPages]);
  return { html: String(page?.content ?? ''), diagnostics };
}

const squash = (text: string) => text.replace(/\s+/g, '');

// ---------------------------------------------------------------------------

describe('generated chapters', () => {
  it('the parser never throws, whatever the text (Markdown syntax characters included)', () => {
    const piece = fc.constantFrom('#', '## ', '**', '*', '_', '[', ']', '(', ')', ':::sidebar[', ':::', ':', '>', '- ', '1. ', '\n', '\n\n', ' ', '中', 'a', '`', '<b>', '<', '&amp;', '\\', '|', '---', '（详见“', '”类目“', '”分目）', '\u00a0', '\u3000', '\r\n');
    const body = fc.array(piece, { maxLength: 80 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.oneof(body, fc.string({ unit: 'binary', maxLength: 200 })), (text) => {
        parse(`---\ntitle: 分目\n---\n\n${text}`);
        parse(text);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('parses a well-formed generated chapter without errors, with every entry', () => {
    fc.assert(
      fc.property(chapter, (entries) => {
        const { model, diagnostics } = parse(toMarkdown(entries));
        expect(diagnostics.errors).toEqual([]);
        expect(model!.record.entries.map((e) => e.title)).toEqual(entries.map((e) => e.title));
        expect(model!.record.entries.map((e) => e.subentries.length)).toEqual(entries.map((e) => e.subentries.length));
      }),
      { numRuns: RUNS },
    );
  });

  it('every sentence of every entry reaches the page, in order', () => {
    fc.assert(
      fc.property(chapter, (entries) => {
        const { html, diagnostics } = renderPage(toMarkdown(entries));
        expect(diagnostics.errors).toEqual([]);
        const article = DomUtils.findOne((el) => el.name === 'article', parseHtml(html).children);
        // The table of contents repeats the titles; read the entries themselves.
        const text = squash(
          DomUtils.findAll((el) => el.name === 'section' && /\bentry\b/.test(el.attribs.class ?? ''), article!.children)
            .map((s) => DomUtils.textContent(s))
            .join('\n'),
        );
        let from = 0;
        for (const s of sentencesOf(entries)) {
          const at = text.indexOf(squash(s), from);
          expect(at, `“${s}” after position ${from} of the page text`).toBeGreaterThanOrEqual(0);
          from = at + squash(s).length;
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('ids on the page are unique, and every entry and sub-entry has one the contents can link to', () => {
    fc.assert(
      fc.property(chapter, (entries) => {
        const { model } = parse(toMarkdown(entries));
        const recordIds = model!.record.entries.flatMap((e) => [e.id, ...e.subentries.map((s) => s.id)]);
        expect(new Set(recordIds).size).toBe(recordIds.length);
        const { html } = renderPage(toMarkdown(entries));
        const ids = elements(html).flatMap((el) => (el.attribs.id === undefined ? [] : [el.attribs.id]));
        const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
        expect(repeated).toEqual([]);
        for (const id of recordIds) expect(ids).toContain(id);
      }),
      { numRuns: RUNS },
    );
  });
});
