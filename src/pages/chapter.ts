// A chapter page (分目): its entries with sub-entries, sidebars and see-references,
// the signature, and links to the previous and next chapter of the volume.
import type { Chapter, SeeReference } from '../schema.ts';
import type { ChapterModel, VolumeModel } from '../pipeline/model.ts';
import type { PageGenerator } from '../pipeline/render.ts';
import { chapterPath, pageData, volumeLabel, type Link } from './urls.ts';

export const chapterPages: PageGenerator = ({ site, volumes, renderer }) =>
  volumes.flatMap((volume) =>
    volume.chapters.map((chapter, index) => ({
      path: `${chapterPath(volume.edition, chapter.record.slug)}index.html`,
      content: renderer.render('chapter', chapterData(site, volume, index)),
    })),
  );

function chapterData(site: Parameters<PageGenerator>[0]['site'], volume: VolumeModel, index: number) {
  const chapter = volume.chapters[index]!;
  const { record } = chapter;
  const label = volumeLabel(volume.yearbook, volume.edition);
  const page = pageData(site, chapterPath(volume.edition, record.slug), `${record.title} - ${label}`, chapterBreadcrumbs(label, record));
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
        leadHtml: view.leadHtml,
        subentries: view.subentries,
        sidebars: view.sidebars,
        see: entry.see && entry.paragraphs[0] ? seeLink(volume, chapter, entry.see, entry.paragraphs[0], page.root) : null,
      };
    }),
    prev: neighbour(volume.chapters[index - 1]),
    next: neighbour(volume.chapters[index + 1]),
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

/** Finds the chapter a see-stub points to, in the same volume. */
export function resolveSee(volume: VolumeModel, from: ChapterModel, see: SeeReference): ChapterModel | null {
  return (
    volume.chapters.find(
      (c) => c !== from && c.record.title === see.section && (see.category === null || c.record.category === see.category),
    ) ?? null
  );
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
