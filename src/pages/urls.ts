// Addresses of pages. Links between pages are relative, so the site works from any base path
// (a project's Pages address such as /yearbook/) and its folders can be moved as a whole.
import type { SiteModel } from '../pipeline/model.ts';

export const UNCATEGORIZED = '其他';

export function volumeLabel(yearbook: string, edition: number): string {
  return `${yearbook}·${edition}`;
}

export function volumePath(edition: number): string {
  return `${edition}/`;
}

export function chapterPath(edition: number, slug: string): string {
  return `${edition}/${slug}/`;
}

export interface Link {
  label: string;
  href: string | null;
}

/** The data every page's layout needs. `path` is the page's folder, e.g. "2020/zuzhi-gongzuo/". */
export function pageData(site: SiteModel, path: string, title: string, breadcrumbs: Link[]) {
  const depth = path.split('/').filter(Boolean).length;
  const root = depth === 0 ? './' : '../'.repeat(depth);
  return {
    lang: 'zh-CN',
    title,
    siteTitle: site.title,
    root,
    home: root,
    css: `${root}assets/site.css`,
    canonical: site.url ? `${site.url}${path}` : null,
    breadcrumbs,
  };
}
