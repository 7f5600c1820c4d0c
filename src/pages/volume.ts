// A volume page (卷): its chapters grouped by category (类目), in reading order.
import type { VolumeModel } from '../pipeline/model.ts';
import type { VolumePageGenerator } from '../pipeline/render.ts';
import { volumeTerms } from './glossary.ts';
import { chapterPath, glossaryPath, pageData, subjectIndexPath, UNCATEGORIZED, volumeLabel, volumePath } from './urls.ts';

export function groupByCategory(volume: VolumeModel, root: string) {
  const groups = [...volume.categories, UNCATEGORIZED].map((category) => ({
    category,
    chapters: volume.chapters
      .filter((c) => (c.record.category ?? UNCATEGORIZED) === category)
      .map((c) => ({
        title: c.record.title,
        href: `${root}${chapterPath(volume.edition, c.record.slug)}`,
        draft: c.record.draft,
        entryCount: c.record.entries.length,
      })),
  }));
  return groups.filter((g) => g.chapters.length > 0);
}

export const volumePages: VolumePageGenerator = {
  name: 'volume',
  pages(context, volume) {
    const label = volumeLabel(volume.yearbook, volume.edition);
    const page = pageData(context, volumePath(volume.edition), label, [
      { label: '首页', href: '../' },
      { label, href: null },
    ]);
    const data = {
      page,
      volume: { label, yearbook: volume.yearbook, edition: volume.edition, year: volume.year },
      groups: groupByCategory(volume, page.root),
      // The back of the book: 主题索引, and 名词解释 when the volume defines terms.
      subjectIndex: `${page.root}${subjectIndexPath(volume.edition)}`,
      glossary: volumeTerms(volume).length > 0 ? `${page.root}${glossaryPath(volume.edition)}` : null,
    };
    return [{ path: `${volumePath(volume.edition)}index.html`, content: context.renderer.render('volume', data) }];
  },
};
