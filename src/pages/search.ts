// Full-text search (Pagefind). Each entry (条目) is one search record in each script, so a result
// is an entry: it links to the entry's anchor and shows the entry title and its chapter. The
// records are added from the model, not read back from the pages; Pagefind splits them into one
// index per script by their language, and its script in the browser picks the index by the page's
// <html lang>. The search page shows full results; every page has the search box (layout).
import { close, createIndex } from 'pagefind';
import type { Entry } from '../schema.ts';
import type { VolumeModel } from '../pipeline/model.ts';
import type { OutputFile, PageGenerator } from '../pipeline/render.ts';
import { SCRIPTS } from '../pipeline/traditional.ts';
import { chapterPath, pageData, SEARCH_PATH, subjectIndexPath, volumeLabel } from './urls.ts';

export const SEARCH_FOLDER = 'pagefind/';

/** Parts of the Pagefind bundle the site's own search script uses (not its ready-made UIs or playground). */
const BUNDLE_FILE = /^(pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|wasm\.[\w-]+\.pagefind|pagefind\.[\w-]+\.pf_meta|index\/.+|fragment\/.+)$/;

export const searchPage: PageGenerator = (context) => {
  if (context.options.search === false) return [];
  const page = pageData(context, SEARCH_PATH, '搜索', [
    { label: '首页', href: '../' },
    { label: '搜索', href: null },
  ]);
  return [{ path: `${SEARCH_PATH}index.html`, content: context.renderer.render('search', { page, title: '搜索', subjectIndex: `${page.root}${subjectIndexPath()}` }) }];
};

/** The text of an entry as one search record: title, paragraphs, sub-entries, sidebar items. */
export function entryText(entry: Entry): string {
  return [
    entry.title,
    ...entry.paragraphs,
    ...entry.subentries.map((s) => `${s.title} ${s.text}`),
    ...entry.sidebars.flatMap((b) => [b.title, ...b.items.map((i) => `“${i.term}”：${i.definition}`), ...b.paragraphs]),
  ].join('\n');
}

/**
 * Starts the search index of both scripts: the records are handed to Pagefind, which then builds
 * the index in its own process. The returned promise gives its files (under pagefind/); meanwhile
 * this process is free to render pages, so the two use both cores.
 */
export async function startSearchIndex(volumes: VolumeModel[]): Promise<{ files: Promise<OutputFile[]> }> {
  const { index, errors } = await createIndex({});
  if (!index) {
    await close();
    throw new Error(`Pagefind: ${errors.join('; ')}`);
  }
  const finish = async (): Promise<OutputFile[]> => {
    try {
      const bundle = await index.getFiles();
      if (bundle.errors.length > 0) throw new Error(`Pagefind: ${bundle.errors.join('; ')}`);
      return (
        bundle.files
          .filter((f) => BUNDLE_FILE.test(f.path))
          .map((f) => ({ path: `${SEARCH_FOLDER}${f.path}`, content: f.content }))
          // Pagefind lists its files in no fixed order; their contents are the same from run to run.
          .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      );
    } finally {
      await close();
    }
  };
  try {
    // All records are sent at once: Pagefind's service works through them while more arrive.
    const added = await Promise.all(searchRecords(volumes).map((record) => index.addCustomRecord(record)));
    const problems = added.flatMap((a) => a.errors);
    if (problems.length > 0) throw new Error(`Pagefind: ${problems.join('; ')}`);
  } catch (error) {
    await close();
    throw error;
  }
  const files = finish();
  files.catch(() => undefined); // awaited by the caller; not an unhandled rejection meanwhile
  return { files };
}

/** Builds the search index of both scripts in memory; its files go under pagefind/. */
export async function buildSearchIndex(volumes: VolumeModel[]): Promise<OutputFile[]> {
  return (await startSearchIndex(volumes)).files;
}

/** One record per entry and script. */
function searchRecords(volumes: VolumeModel[]) {
  return SCRIPTS.flatMap((script) =>
    volumes.flatMap((volume) => {
      const label = volumeLabel(volume.yearbook, volume.edition);
      return volume.chapters.flatMap((chapter) =>
        chapter.record.entries.map((entry) => ({
          // Relative to the site root; Pagefind's script prefixes the root the bundle is served from.
          url: `${script.prefix}${chapterPath(volume.edition, chapter.record.slug)}#${entry.id}`,
          content: script.text(entryText(entry)),
          language: script.searchLanguage,
          meta: { title: script.text(entry.title), chapter: script.text(`${chapter.record.title} · ${label}`) },
        })),
      );
    }),
  );
}
