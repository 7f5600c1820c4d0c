// The home page: the yearbook and its volumes, and the 404 page.
import { chapterCounts, digest } from '../pipeline/model.ts';
import type { PageGenerator } from '../pipeline/render.ts';
import { pageData, subjectIndexPath, volumeLabel, volumePath } from './urls.ts';

export const homePage: PageGenerator = (context) => {
  const { site, volumes, renderer } = context;
  const data = {
    page: pageData(context, '', site.title, []),
    volumes: volumes.map((v) => ({
      label: volumeLabel(v.yearbook, v.edition),
      edition: v.edition,
      year: v.year,
      href: volumePath(v.edition),
      chapterCount: chapterCounts(v).all,
      categories: digest(v, 'categories-used', (volume) => volume.categories.filter((c) => volume.chapters.some((ch) => ch.record.category === c))),
    })),
    subjectIndex: subjectIndexPath(),
  };
  return [{ path: 'index.html', content: renderer.render('home', data) }];
};

export const notFoundPage: PageGenerator = (context) => {
  const { site, renderer } = context;
  // Served at any depth, so its links start from the site's root path when it is known.
  const base = site.url ? new URL(site.url).pathname : '/';
  const page = pageData(context, '', '找不到页面', [], { base });
  return [{ path: '404.html', content: renderer.render('not-found', { page }) }];
};
