// A chapter page (分目): its entries with sub-entries, sidebars and see-references, the signature,
// a citation for each entry, links from terms to the glossary, schema.org metadata, and links to
// the previous and next chapter of the volume.
import type { Chapter, SeeReference } from '../schema.ts';
import { resolveSee, type ChapterModel, type VolumeModel } from '../pipeline/model.ts';
import { SharedAcrossScripts, type SiteContext, type VolumePageGenerator } from '../pipeline/render.ts';
import { TermLinker } from '../pipeline/term-links.ts';
import { jsonForScript } from '../pipeline/traditional.ts';
import { citation } from './citation.ts';
import { volumeTerms } from './glossary.ts';
import { chapterPath, glossaryPath, pageData, termAnchor, volumeLabel, type Link } from './urls.ts';

export const chapterPages: VolumePageGenerator = {
  name: 'chapter',
  *pages(context, volume) {
    for (let index = 0; index < volume.chapters.length; index++) {
      const chapter = volume.chapters[index]!;
      yield { path: `${chapterPath(volume.edition, chapter.record.slug)}index.html`, content: context.renderer.render('chapter', chapterData(context, volume, index)) };
    }
  },
};

/** The HTML of each entry's lead and sub-entries with its terms linked to the glossary. */
interface LinkedEntry {
  leadHtml: string[];
  subentries: { id: string; title: string; html: string[] }[];
}

// The same in both scripts (converted afterwards, with relative links), so linked once for both.
const linkers = new SharedAcrossScripts<null, TermLinker>();
const linkedEntries = new SharedAcrossScripts<ChapterModel, LinkedEntry[]>();

function linkTerms(context: SiteContext, volume: VolumeModel, chapter: ChapterModel): LinkedEntry[] {
  return linkedEntries.get(context, volume, chapter, () => {
    const linker = linkers.get(context, volume, null, () => new TermLinker(volumeTerms(volume).map((t) => ({ term: t.term, href: `../../${glossaryPath(volume.edition)}#${termAnchor(t.term)}` }))));
    return chapter.views.map((view) => {
      // A term is linked at its first occurrence in each entry.
      const linked = new Set<string>();
      return {
        leadHtml: view.leadHtml.map((html) => linker.link(html, linked)),
        subentries: view.subentries.map((sub) => ({ id: sub.id, title: sub.title, html: sub.html.map((html) => linker.link(html, linked)) })),
      };
    });
  });
}

const DESCRIPTION_LENGTH = 120;

function chapterData(context: SiteContext, volume: VolumeModel, index: number) {
  const { site, script } = context;
  const chapter = volume.chapters[index]!;
  const { record } = chapter;
  const label = volumeLabel(volume.yearbook, volume.edition);
  const path = chapterPath(volume.edition, record.slug);
  const address = site.url ? `${site.url}${script.prefix}${path}` : null;
  const summary = record.entries.find((e) => e.paragraphs.length > 0)?.paragraphs[0] ?? null;
  const page = pageData(context, path, `${record.title} - ${label}`, chapterBreadcrumbs(label, record), {
    type: 'article',
    description: summary && summary.length > DESCRIPTION_LENGTH ? `${summary.slice(0, DESCRIPTION_LENGTH)}…` : summary,
    jsonLd: jsonForScript(chapterJsonLd(volume, chapter, label, address, script.lang)),
  });
  const linked = linkTerms(context, volume, chapter);
  const neighbour = (c: ChapterModel | undefined) =>
    c ? { title: c.record.title, href: `${page.root}${chapterPath(volume.edition, c.record.slug)}` } : null;

  return {
    page,
    chapter: {
      title: record.title,
      category: record.category,
      volumeLabel: label,
      volumeHref: '../',
      edition: record.edition,
      year: record.year,
      authors: record.author,
      // The drafters' names in parentheses at the end, as the printed yearbook signs a section.
      signature: record.author.length > 0 ? `（${record.author.join('\u3000')}）` : null,
      compiler: record.compiler,
      source: record.source,
      draft: record.draft,
      // The chapter's figures, on its data page (src/pages/data.ts).
      dataHref: 'data/',
      factCount: record.facts.length,
    },
    toc: record.entries.map((e) => ({ id: e.id, title: e.title, kind: e.kind })),
    entries: record.entries.map((entry, i) => {
      const view = chapter.views[i]!;
      return {
        id: entry.id,
        title: entry.title,
        kind: entry.kind,
        leadHtml: linked[i]!.leadHtml,
        subentries: linked[i]!.subentries,
        sidebars: view.sidebars,
        see: entry.see && entry.paragraphs[0] ? seeLink(volume, chapter, entry.see, entry.paragraphs[0], page.root) : null,
        cite: citation({
          authors: record.author,
          entry: entry.title,
          compiler: record.compiler,
          volumeLabel: label,
          category: record.category,
          chapter: record.title,
          edition: record.edition,
          url: address ? `${address}#${entry.id}` : null,
        }),
      };
    }),
    prev: neighbour(volume.chapters[index - 1]),
    next: neighbour(volume.chapters[index + 1]),
  };
}

/** schema.org: the chapter as a Chapter of the volume (a Book), with its drafters and compiler. */
function chapterJsonLd(volume: VolumeModel, chapter: ChapterModel, label: string, url: string | null, lang: string) {
  const { record } = chapter;
  return {
    '@context': 'https://schema.org',
    '@type': 'Chapter',
    name: record.title,
    ...(url ? { url } : {}),
    inLanguage: lang,
    datePublished: record.date,
    temporalCoverage: String(record.year),
    ...(record.category ? { genre: record.category } : {}),
    author: record.author.map((name) => ({ '@type': 'Person', name })),
    isPartOf: {
      '@type': 'Book',
      name: label,
      bookEdition: String(volume.edition),
      ...(record.compiler ? { author: { '@type': 'Organization', name: record.compiler } } : {}),
    },
  };
}

/** 首页 › 卷 › 类目 › 分目, for a page `depth` folders below the chapter page (its data page: 1). */
export function chapterBreadcrumbs(volumeLabel: string, record: Chapter, depth = 0): Link[] {
  const up = '../'.repeat(depth);
  return [
    { label: '首页', href: `${up}../../` },
    { label: volumeLabel, href: `${up}../` },
    ...(record.category ? [{ label: record.category, href: null }] : []),
    { label: record.title, href: depth > 0 ? up : null },
  ];
}

/** The see-stub's text as written, split so that the target section can be a link when that chapter exists. */
function seeLink(volume: VolumeModel, from: ChapterModel, see: SeeReference, text: string, root: string) {
  const target = resolveSee(volume, from, see);
  const quoted = `“${see.section}”`;
  const at = text.lastIndexOf(quoted);
  const rest = text.slice(at + quoted.length);
  const unit = /^(分目|条目)/.exec(rest)?.[0] ?? '';
  return {
    before: text.slice(0, at),
    linkText: quoted + unit,
    after: rest.slice(unit.length),
    href: target ? `${root}${chapterPath(volume.edition, target.record.slug)}` : null,
  };
}
