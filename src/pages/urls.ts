// Addresses of pages. Links between pages are relative, so the site works from any base path
// (a project's Pages address such as /yearbook/) and its folders can be moved as a whole.
// Every page exists in both scripts: Simplified at the site root, Traditional under hant/
// (TRADITIONAL.prefix); `root` leads to the page's own script root, `siteRoot` to the site root
// (assets, search bundle, feed), which both scripts share.
import type { SiteContext } from '../pipeline/render.ts';
import { otherScript } from '../pipeline/traditional.ts';

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

/** 名词解释 of a volume. */
export function glossaryPath(edition: number): string {
  return `${edition}/glossary/`;
}

/** 主题索引 of a volume, or of the whole site when no edition is given. */
export function subjectIndexPath(edition?: number): string {
  return edition === undefined ? 'subject-index/' : `${edition}/subject-index/`;
}

export const SEARCH_PATH = 'search/';

/** Anchor of a term on its glossary page. */
export function termAnchor(term: string): string {
  return `term-${term.normalize('NFC').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '')}`;
}

export interface Link {
  label: string;
  href: string | null;
}

export interface PageOptions {
  /** og:type: "article" for chapters. */
  type?: 'website' | 'article';
  /** A short summary for <meta name="description"> and og:description. */
  description?: string | null;
  /** schema.org JSON-LD, already made safe for a <script> element. */
  jsonLd?: string | null;
  /** Absolute site path to start links from, for a page served at any depth (404). */
  base?: string;
}

function depthOf(path: string): number {
  return path.split('/').filter(Boolean).length;
}

/** The data every page's layout needs. `path` is the page's folder within its script, e.g. "2020/zuzhi-gongzuo/". */
export function pageData(context: SiteContext, path: string, title: string, breadcrumbs: Link[], options: PageOptions = {}) {
  const { site, script } = context;
  const other = otherScript(script);
  const depth = depthOf(path);
  const relativeRoot = depth === 0 ? './' : '../'.repeat(depth);
  const relativeSiteRoot = depthOf(script.prefix) + depth === 0 ? './' : '../'.repeat(depthOf(script.prefix) + depth);
  const siteRoot = options.base ?? relativeSiteRoot;
  const root = options.base !== undefined ? `${options.base}${script.prefix}` : relativeRoot;
  const absolute = (s: { prefix: string }) => (site.url ? `${site.url}${s.prefix}${path}` : null);
  return {
    lang: script.lang,
    title,
    siteTitle: site.title,
    root,
    home: root,
    siteRoot,
    css: `${siteRoot}assets/site.css`,
    script: `${siteRoot}assets/site.js`,
    searchAction: context.options.search === false ? null : `${root}${SEARCH_PATH}`,
    subjectIndex: `${root}${subjectIndexPath()}`,
    feed: site.url ? `${siteRoot}feed.xml` : null,
    canonical: options.base === undefined ? absolute(script) : null,
    /** The same page in the other script; the reader's place (#anchor) is kept by the script when it runs. */
    switchScript: { label: other.name, lang: other.lang, href: options.base !== undefined ? `${siteRoot}${other.prefix}` : `${siteRoot}${other.prefix}${path}` },
    alternate: options.base === undefined && site.url ? { lang: other.lang, href: absolute(other) } : null,
    og: { type: options.type ?? 'website', locale: script.locale },
    description: options.description ?? null,
    jsonLd: options.jsonLd ?? null,
    breadcrumbs,
  };
}
