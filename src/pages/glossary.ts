// 名词解释: the terms a volume defines (资料链接 items, abbreviations, glosses), in pinyin order,
// each with its definition and a link to the entry that defines it.
import type { Term } from '../schema.ts';
import type { ChapterModel, VolumeModel } from '../pipeline/model.ts';
import type { VolumePageGenerator } from '../pipeline/render.ts';
import { groupByInitial } from './pinyin.ts';
import { chapterPath, glossaryPath, pageData, termAnchor, volumeLabel, volumePath } from './urls.ts';

export const GLOSSARY_TITLE = '名词解释';

const KIND_LABELS: Record<Term['kind'], string> = { sidebar: '资料链接', abbreviation: '简称', gloss: '释义' };

/** The volume's terms with the chapter that defines each; a term defined twice keeps its first definition. */
export function volumeTerms(volume: VolumeModel): (Term & { chapter: ChapterModel })[] {
  const terms = new Map<string, Term & { chapter: ChapterModel }>();
  for (const chapter of volume.chapters) {
    for (const term of chapter.record.terms) if (!terms.has(term.term)) terms.set(term.term, { ...term, chapter });
  }
  return [...terms.values()];
}

export const glossaryPages: VolumePageGenerator = {
  name: 'glossary',
  pages(context, volume) {
    if (volumeTerms(volume).length === 0) return [];
    const label = volumeLabel(volume.yearbook, volume.edition);
    const page = pageData(context, glossaryPath(volume.edition), `${GLOSSARY_TITLE} - ${label}`, [
      { label: '首页', href: '../../' },
      { label, href: '../' },
      { label: GLOSSARY_TITLE, href: null },
    ]);
    const groups = groupByInitial(volumeTerms(volume), (t) => t.term).map((group) => ({
      ...group,
      items: group.items.map((t) => {
        const entry = t.chapter.record.entries.find((e) => e.id === t.entry)!;
        return {
          term: t.term,
          anchor: termAnchor(t.term),
          // An abbreviation's definition is its full form (全称).
          definitionLabel: t.kind === 'abbreviation' ? '全称：' : '',
          definition: t.definition,
          kind: KIND_LABELS[t.kind],
          entry: { title: entry.title, chapter: t.chapter.record.title, href: `${page.root}${chapterPath(volume.edition, t.chapter.record.slug)}#${entry.id}` },
        };
      }),
    }));
    const data = { page, title: GLOSSARY_TITLE, volume: { label, href: `${page.root}${volumePath(volume.edition)}` }, groups };
    return [{ path: `${glossaryPath(volume.edition)}index.html`, content: context.renderer.render('glossary', data) }];
  },
};
