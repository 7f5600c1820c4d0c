// A volume page (卷): its chapters grouped by category (类目), in reading order.
import type { VolumeModel } from '../pipeline/model.ts';
import type { PageGenerator } from '../pipeline/render.ts';
import { chapterPath, pageData, UNCATEGORIZED, volumeLabel, volumePath } from './urls.ts';

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

export const volumePages: PageGenerator = ({ site, volumes, renderer }) =>
  volumes.map((volume) => {
    const label = volumeLabel(volume.yearbook, volume.edition);
    const page = pageData(site, volumePath(volume.edition), label, [
      { label: '首页', href: '../' },
      { label, href: null },
    ]);
    const data = {
      page,
      volume: { label, yearbook: volume.yearbook, edition: volume.edition, year: volume.year },
      groups: groupByCategory(volume, page.root),
    };
    return { path: `${volumePath(volume.edition)}index.html`, content: renderer.render('volume', data) };
  });
