// The home page: the yearbook and its volumes, and the 404 page.
import type { PageGenerator } from '../pipeline/render.ts';
import { pageData, volumeLabel, volumePath } from './urls.ts';

export const homePage: PageGenerator = ({ site, volumes, renderer }) => {
  const data = {
    page: pageData(site, '', site.title, []),
    volumes: volumes.map((v) => ({
      label: volumeLabel(v.yearbook, v.edition),
      edition: v.edition,
      year: v.year,
      href: volumePath(v.edition),
      chapterCount: v.chapters.length,
      categories: v.categories.filter((c) => v.chapters.some((ch) => ch.record.category === c)),
    })),
  };
  return [{ path: 'index.html', content: renderer.render('home', data) }];
};

export const notFoundPage: PageGenerator = ({ site, renderer }) => {
  // Served at any depth, so its links start from the site's root path when it is known.
  const root = site.url ? new URL(site.url).pathname : '/';
  const page = { ...pageData(site, '', '找不到页面', []), root, home: root, css: `${root}assets/site.css`, canonical: null };
  return [{ path: '404.html', content: renderer.render('not-found', { page }) }];
};
