// Stage 3b (lint): what an editor should look at before publishing. Nothing here stops a build:
// every finding is a warning (`yearbook check --strict` makes warnings fail).
import { Diagnostics, type Diagnostic } from '../diagnostics.ts';
import type { Entry } from '../schema.ts';
import { digest, resolveSee, type ChapterModel, type SiteModel, type VolumeModel } from './model.ts';

/** Norm for entry titles (条目标题): short statements of at most about 15–18 characters. */
export const TITLE_NORM = 18;

/** Commas do not belong in an entry title; the enumeration comma 、 does. */
const COMMA = /[，,]/;

export function lintSite(site: SiteModel, diagnostics: Diagnostics): void {
  for (const volume of site.volumes) diagnostics.items.push(...digest(volume, 'lint', lintVolume));
}

/** The warnings about one volume: they depend on nothing else. */
function lintVolume(volume: VolumeModel): Diagnostic[] {
  const diagnostics = new Diagnostics();
  for (const chapter of volume.chapters) lintChapter(volume, chapter, diagnostics);
  return diagnostics.items;
}

function lintChapter(volume: VolumeModel, chapter: ChapterModel, diagnostics: Diagnostics): void {
  const { record } = chapter;
  const file = record.file;
  if (record.author.length === 0) {
    diagnostics.warning(file, undefined, `没有写撰稿人：请在 front matter 中加 author: 姓名 (no author: add "author: name" to the front matter; the drafter signs the chapter)`);
  }
  for (const entry of record.entries) {
    const at = { line: entry.line, column: 1 };
    const length = [...entry.title].length;
    if (length > TITLE_NORM) {
      diagnostics.warning(
        file,
        at,
        `条目标题“${entry.title}”有 ${length} 个字，超过规范的 ${TITLE_NORM} 个字，请考虑缩短 (entry title is ${length} characters long; the norm is at most about ${TITLE_NORM})`,
      );
    }
    if (COMMA.test(entry.title)) {
      diagnostics.warning(file, at, `条目标题“${entry.title}”中有逗号，条目标题不用逗号 (entry title contains a comma; entry titles are short statements without commas)`);
    }
    if (entry.see) lintSee(volume, chapter, entry, diagnostics);
    if (record.draft && isEmpty(entry)) {
      diagnostics.warning(file, at, `草稿中的条目“${entry.title}”还没有内容 (entry "${entry.title}" of this draft has no text yet)`);
    }
  }
}

function lintSee(volume: VolumeModel, chapter: ChapterModel, entry: Entry, diagnostics: Diagnostics): void {
  const see = entry.see!;
  const at = { line: entry.line, column: 1 };
  const where = see.category ? `“${see.category}”类目中的` : '';
  const target = resolveSee(volume, chapter, see);
  if (!target) {
    diagnostics.warning(
      chapter.record.file,
      at,
      `“详见”的目标${where}“${see.section}”分目在本卷中不存在，页面上不会有链接 (the cross-reference points to section "${see.section}"${see.category ? ` in category "${see.category}"` : ''}, which this volume does not have; it stays plain text)`,
    );
  } else if (target.record.draft && !chapter.record.draft) {
    diagnostics.warning(
      chapter.record.file,
      at,
      `“详见”的目标“${see.section}”分目还是草稿，发布时不会有链接 (the cross-reference points to ${target.record.file}, which is a draft: the published site will show it as plain text)`,
    );
  }
}

/** An entry with only its heading: no text, no sub-entry, no sidebar. */
function isEmpty(entry: Entry): boolean {
  return entry.paragraphs.length === 0 && entry.subentries.length === 0 && entry.sidebars.length === 0;
}
