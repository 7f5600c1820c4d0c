// 主题索引: chapter titles, entry titles, sub-entry lead-ins and glossary terms in pinyin order,
// grouped by initial letter, each linking to its place. One index per volume, one for the site.
import { createHash } from 'node:crypto';
import { digest, type VolumeModel } from '../pipeline/model.ts';
import { SharedAcrossScripts, type SiteContext, type SitePageGenerator, type VolumePageGenerator } from '../pipeline/render.ts';
import { volumeTerms } from './glossary.ts';
import { groupByInitial } from './pinyin.ts';
import { chapterPath, pageData, subjectIndexPath, volumeLabel, type Link } from './urls.ts';

export const SUBJECT_INDEX_TITLE = '主题索引';

export interface IndexItem {
  label: string;
  /** Address from the script root, e.g. 2020/zuzhi-gongzuo/#党组织建设 */
  target: string;
  /** Where the item is: its chapter (and entry), and the volume in the site-wide index. */
  where: string;
  kind: 'chapter' | 'entry' | 'subentry' | 'term';
}

const KIND_LABELS: Record<IndexItem['kind'], string> = { chapter: '分目', entry: '条目', subentry: '子条目', term: '名词' };
const KIND_ORDER: IndexItem['kind'][] = ['chapter', 'entry', 'subentry', 'term'];

/** Every index item of a volume, in reading order. */
export function indexItems(volume: VolumeModel, withVolume: boolean): IndexItem[] {
  const label = volumeLabel(volume.yearbook, volume.edition);
  const where = (...parts: string[]) => [...(withVolume ? [label] : []), ...parts].join(' · ');
  const items: IndexItem[] = [];
  for (const chapter of volume.chapters) {
    const { record } = chapter;
    const page = chapterPath(volume.edition, record.slug);
    items.push({ label: record.title, target: page, where: where(...(record.category ? [record.category] : [])), kind: 'chapter' });
    for (const entry of record.entries) {
      items.push({ label: entry.title, target: `${page}#${entry.id}`, where: where(record.title), kind: 'entry' });
      for (const sub of entry.subentries) {
        items.push({ label: sub.title, target: `${page}#${sub.id}`, where: where(record.title, entry.title), kind: 'subentry' });
      }
    }
  }
  for (const term of volumeTerms(volume)) {
    const entry = term.chapter.record.entries.find((e) => e.id === term.entry)!;
    items.push({
      label: term.term,
      target: `${chapterPath(volume.edition, term.chapter.record.slug)}#${term.entry}`,
      where: where(term.chapter.record.title, entry.title),
      kind: 'term',
    });
  }
  return items;
}

// An index's groups are the same in both scripts (before conversion; the page is at the same
// depth), and sorting them is most of its cost: they are made once for both.
const sharedGroups = new SharedAcrossScripts<string, ReturnType<typeof indexGroups>>();

function indexGroups(items: IndexItem[], root: string) {
  return groupByInitial(
    items,
    (item) => item.label,
    (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.where < b.where ? -1 : a.where > b.where ? 1 : 0),
  ).map((group) => ({
    letter: group.letter,
    id: group.id,
    items: group.items.map((item) => ({ label: item.label, href: `${root}${item.target}`, where: item.where, kind: KIND_LABELS[item.kind] })),
  }));
}

/** The index page at `path` of the items of `volume` (null: of the whole site). */
function indexPage(context: SiteContext, volume: VolumeModel | null, path: string, items: () => IndexItem[], crumbs: Link[], scope: string) {
  const page = pageData(context, path, `${SUBJECT_INDEX_TITLE} - ${scope}`, [...crumbs, { label: SUBJECT_INDEX_TITLE, href: null }]);
  const groups = sharedGroups.get(context, volume, path, () => indexGroups(items(), page.root));
  return { path: `${path}index.html`, content: context.renderer.render('subject-index', { page, title: SUBJECT_INDEX_TITLE, scope, groups }) };
}

/** The index of the whole site: made again only when the items of a volume change. */
export const siteSubjectIndexPage: SitePageGenerator = {
  name: 'subject-index',
  wholeSite: true,
  pages: (context) => [
    indexPage(
      context,
      null,
      subjectIndexPath(),
      () => context.volumes.flatMap((volume) => indexItems(volume, true)),
      [{ label: '首页', href: '../' }],
      context.site.title,
    ),
  ],
  dependsOn: (context) =>
    context.volumes
      .map((volume) => digest(volume, 'subject-index', (v) => createHash('sha256').update(JSON.stringify(indexItems(v, true))).digest('base64url')))
      .join(' '),
};

/** The index of each volume. */
export const volumeSubjectIndexPages: VolumePageGenerator = {
  name: 'subject-index',
  pages(context, volume) {
    const label = volumeLabel(volume.yearbook, volume.edition);
    return [
      indexPage(context, volume, subjectIndexPath(volume.edition), () => indexItems(volume, false), [
        { label: '首页', href: '../../' },
        { label, href: '../' },
      ], label),
    ];
  },
};
