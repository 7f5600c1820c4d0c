// Stage 4 (render): the site model → pages, through the Liquid templates in templates/.
// Everything a template shows is prepared here, so templates only loop and test conditions.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Liquid, type Template } from 'liquidjs';
import { BuildError, type Diagnostic } from '../diagnostics.ts';
import { displayPath } from './load.ts';
import type { ChapterModel, SiteModel, VolumeModel } from './model.ts';

export interface OutputFile {
  /** Path inside the output folder, with forward slashes. */
  path: string;
  content: string | Uint8Array;
}

export interface RenderOptions {
  /** Include chapters marked `draft: true`. */
  drafts?: boolean;
}

interface Link {
  label: string;
  href: string | null;
}

const TEMPLATE_NAMES = ['home', 'volume', 'chapter', 'not-found'] as const;
type TemplateName = (typeof TEMPLATE_NAMES)[number];

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

/** Loads and parses every template once; a template error names its file, line and column. */
export class Renderer {
  private readonly engine: Liquid;
  private readonly templates = new Map<TemplateName, { file: string; template: Template[] }>();

  constructor(readonly templatesDir: string) {
    this.engine = new Liquid({
      root: templatesDir,
      extname: '.liquid',
      outputEscape: 'escape',
      strictVariables: true,
      strictFilters: true,
      cache: true,
    });
    const problems: Diagnostic[] = [];
    for (const name of TEMPLATE_NAMES) {
      const absolute = path.join(templatesDir, `${name}.liquid`);
      const file = displayPath(absolute);
      try {
        const source = readFileSync(absolute, 'utf8');
        this.templates.set(name, { file, template: this.engine.parse(source, absolute) });
      } catch (error) {
        problems.push(templateDiagnostic(error, file));
      }
    }
    if (problems.length > 0) throw new BuildError(problems);
  }

  render(name: TemplateName, data: object): string {
    const entry = this.templates.get(name)!;
    try {
      return this.engine.renderSync(entry.template, data) as string;
    } catch (error) {
      throw new BuildError([templateDiagnostic(error, entry.file)]);
    }
  }

  /** All pages of the site. */
  renderSite(site: SiteModel, options: RenderOptions = {}): OutputFile[] {
    const volumes = site.volumes
      .map((v) => ({ ...v, chapters: v.chapters.filter((c) => options.drafts || !c.record.draft) }))
      .filter((v) => v.chapters.length > 0 || options.drafts);
    const files: OutputFile[] = [];
    files.push({ path: 'index.html', content: this.render('home', homeData(site, volumes)) });
    files.push({ path: '404.html', content: this.render('not-found', notFoundData(site)) });
    for (const volume of volumes) {
      files.push({ path: `${volumePath(volume.edition)}index.html`, content: this.render('volume', volumeData(site, volume)) });
      volume.chapters.forEach((chapter, index) => {
        const data = chapterData(site, volume, index);
        files.push({ path: `${chapterPath(volume.edition, chapter.record.slug)}index.html`, content: this.render('chapter', data) });
      });
    }
    return files;
  }
}

function templateDiagnostic(error: unknown, fallbackFile: string): Diagnostic {
  const e = error as { message?: string; token?: { file?: string; getPosition?: () => [number, number] }; code?: string };
  if (e.code === 'ENOENT') {
    return { file: fallbackFile, line: 1, column: 1, severity: 'error', message: `找不到模板文件 (template file not found: ${fallbackFile})` };
  }
  const [line, column] = e.token?.getPosition?.() ?? [1, 1];
  const file = e.token?.file ? displayPath(e.token.file) : fallbackFile;
  const message = String(e.message ?? error).replace(/, (file:[^,]*, )?line:\d+, col:\d+$/, '');
  return { file, line, column, severity: 'error', message: `模板错误 (template error: ${message})` };
}

// ---------------------------------------------------------------------------
// Page data

function pageData(site: SiteModel, depth: number, title: string, breadcrumbs: Link[], url: string) {
  const root = depth === 0 ? './' : '../'.repeat(depth);
  return {
    lang: 'zh-CN',
    title,
    siteTitle: site.title,
    root,
    home: root,
    css: `${root}assets/site.css`,
    canonical: site.url ? `${site.url}${url}` : null,
    breadcrumbs,
  };
}

function homeData(site: SiteModel, volumes: VolumeModel[]) {
  return {
    page: pageData(site, 0, site.title, [], ''),
    volumes: volumes.map((v) => ({
      label: volumeLabel(v.yearbook, v.edition),
      edition: v.edition,
      year: v.year,
      href: volumePath(v.edition),
      chapterCount: v.chapters.length,
      categories: v.categories.filter((c) => v.chapters.some((ch) => ch.record.category === c)),
    })),
  };
}

function notFoundData(site: SiteModel) {
  // Served at any depth, so links are absolute from the site root when it is known.
  const page = pageData(site, 0, '找不到页面', [], '404.html');
  const root = site.url ? new URL(site.url).pathname : '/';
  return { page: { ...page, root, home: root, css: `${root}assets/site.css` } };
}

function groupByCategory(volume: VolumeModel, root: string) {
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

function volumeData(site: SiteModel, volume: VolumeModel) {
  const label = volumeLabel(volume.yearbook, volume.edition);
  const page = pageData(site, 1, label, [{ label: '首页', href: '../' }, { label, href: null }], volumePath(volume.edition));
  return {
    page,
    volume: { label, yearbook: volume.yearbook, edition: volume.edition, year: volume.year },
    groups: groupByCategory(volume, page.root),
  };
}

function chapterData(site: SiteModel, volume: VolumeModel, index: number) {
  const chapter = volume.chapters[index]!;
  const { record } = chapter;
  const label = volumeLabel(volume.yearbook, volume.edition);
  const breadcrumbs: Link[] = [
    { label: '首页', href: '../../' },
    { label, href: '../' },
    ...(record.category ? [{ label: record.category, href: null }] : []),
    { label: record.title, href: null },
  ];
  const page = pageData(site, 2, `${record.title} - ${label}`, breadcrumbs, chapterPath(volume.edition, record.slug));
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
      signature: record.author.length > 0 ? `(${record.author.join('\u3000')})` : null,
      compiler: record.compiler,
      source: record.source,
      draft: record.draft,
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

/** The see-stub's text, split so that the target section can be a link when that chapter exists. */
function seeLink(volume: VolumeModel, from: ChapterModel, see: { category: string | null; section: string }, text: string, root: string) {
  const target = volume.chapters.find(
    (c) => c !== from && c.record.title === see.section && (see.category === null || c.record.category === see.category),
  );
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
