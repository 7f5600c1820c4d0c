// `yearbook new`: start next year's volume from the latest one, or add one chapter, as drafts.
// Never overwrites a file: every file is created with the "wx" flag.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { checkContent } from '../build.ts';
import { Diagnostics, formatDiagnostic } from '../diagnostics.ts';
import { isOverviewTitle } from '../pipeline/entries.ts';
import { displayPath } from '../pipeline/load.ts';
import { parseVolumeConfig, type SiteModel, type VolumeModel } from '../pipeline/model.ts';
import { SLUG_PATTERN } from '../schema.ts';
import { parseCommandArgs, UsageError, type Command } from './command.ts';

export const newCommand: Command = {
  name: 'new',
  summary: "start next year's volume, or add a chapter, as drafts",
  help: `Usage: yearbook new --volume EDITION [--content DIR]
       yearbook new --chapter SLUG --volume EDITION --title TITLE [--category CATEGORY] [--content DIR]

With --volume only: creates the folder of a new volume from the latest earlier volume:
volume.yml with the new edition and record year, and one chapter file per chapter of the
earlier volume, with the same title, slug, category and entry headings, empty entries and
"draft: true". Fill in the entries, then remove "draft: true" to publish a chapter.

With --chapter: adds one draft chapter to an existing volume.

Existing files are never overwritten.

Options:
  --volume EDITION    the volume (publication year), e.g. 2021
  --chapter SLUG      add one chapter; SLUG names its file and web address, e.g. xuanchuan-gongzuo
  --title TITLE       the chapter's title (with --chapter), e.g. 宣传工作
  --category NAME     the chapter's category (with --chapter), one of the volume's categories
  --content DIR       content folder (default: content)
  -h, --help          show this help`,
  async run(args) {
    const { values } = parseCommandArgs(args, {
      content: { type: 'string', default: 'content' },
      volume: { type: 'string' },
      chapter: { type: 'string' },
      title: { type: 'string' },
      category: { type: 'string' },
    });
    if (values.help) {
      process.stdout.write(`${this.help}\n`);
      return 0;
    }
    if (!values.volume) throw new UsageError('give the volume, e.g. --volume 2021');
    if (!/^\d{4}$/.test(values.volume)) throw new UsageError(`--volume takes a year such as 2021, not "${values.volume}"`);
    const edition = Number(values.volume);
    if (values.chapter === undefined && (values.title !== undefined || values.category !== undefined)) {
      throw new UsageError('--title and --category go with --chapter SLUG');
    }
    if (values.chapter !== undefined) {
      if (!SLUG_PATTERN.test(values.chapter)) {
        throw new UsageError(`the slug "${values.chapter}" is not valid: use lowercase ASCII letters, digits and single hyphens, e.g. xuanchuan-gongzuo`);
      }
      if (!values.title?.trim()) throw new UsageError('give the chapter title, e.g. --title 宣传工作');
    }

    const contentDir = path.resolve(values.content!);
    const { diagnostics, site } = await checkContent(contentDir);
    const problems = new Diagnostics();
    const created =
      values.chapter === undefined
        ? await newVolume(site, diagnostics, contentDir, edition, problems)
        : await newChapter(site, diagnostics, contentDir, edition, { slug: values.chapter, title: values.title!.trim(), category: values.category?.trim() }, problems);
    for (const d of problems.sorted()) process.stderr.write(`${formatDiagnostic(d)}\n`);
    for (const file of created) process.stderr.write(`yearbook: 已创建 (created) ${file}\n`);
    if (problems.hasErrors) return 1;
    process.stderr.write(`yearbook: 新建的分目是草稿（draft: true）；用 yearbook dev 预览，用 yearbook check 查看待办 (the new chapters are drafts: preview them with "yearbook dev", list what is left to do with "yearbook check")\n`);
    return 0;
  },
};

/** Errors found in the files of one volume (its folder), which `new` must not copy from. */
function errorsOf(diagnostics: Diagnostics, volumeDir: string) {
  const prefix = displayPath(volumeDir) + path.sep;
  return diagnostics.errors.filter((d) => d.file.startsWith(prefix));
}

async function newVolume(site: SiteModel, diagnostics: Diagnostics, contentDir: string, edition: number, problems: Diagnostics): Promise<string[]> {
  const dir = path.join(contentDir, String(edition));
  const volumeFile = path.join(dir, 'volume.yml');
  if (site.volumes.some((v) => v.edition === edition)) {
    problems.error(displayPath(volumeFile), undefined, `卷 ${edition} 已经存在；要加分目请用 yearbook new --chapter (volume ${edition} exists already; add chapters with "yearbook new --chapter SLUG --volume ${edition} --title …")`);
    return [];
  }
  // Volumes are newest first: the first one older than the new edition is the one to follow.
  const previous = site.volumes.find((v) => v.edition < edition);
  if (!previous) {
    problems.error(displayPath(contentDir), undefined, `没有比 ${edition} 更早的卷可作为样板 (no volume older than ${edition} to start from)`);
    return [];
  }
  const broken = errorsOf(diagnostics, path.dirname(path.resolve(previous.file)));
  if (broken.length > 0) {
    for (const d of broken) problems.items.push(d);
    problems.error(previous.file, undefined, `卷 ${previous.edition} 有错误，请先修改，再据此新建卷 ${edition} (volume ${previous.edition} has errors: fix them first, then start volume ${edition} from it)`);
    return [];
  }

  await mkdir(dir, { recursive: true });
  const created: string[] = [];
  if (!(await createFile(volumeFile, volumeText(previous, edition)))) {
    problems.error(displayPath(volumeFile), undefined, EXISTS);
    return [];
  }
  created.push(displayPath(volumeFile));
  for (const chapter of previous.chapters) {
    const { record } = chapter;
    const file = path.join(dir, path.basename(record.file));
    const text = chapterText(record.title, record.slug, record.category, record.order, record.entries.map((e) => e.title));
    // A chapter file already in the folder (an editor started early) is kept as it is.
    if (await createFile(file, text)) created.push(displayPath(file));
    else problems.warning(displayPath(file), undefined, EXISTS);
  }
  return created;
}

async function newChapter(
  site: SiteModel,
  diagnostics: Diagnostics,
  contentDir: string,
  edition: number,
  chapter: { slug: string; title: string; category: string | undefined },
  problems: Diagnostics,
): Promise<string[]> {
  const volume = site.volumes.find((v) => v.edition === edition);
  if (!volume) {
    for (const d of diagnostics.errors) problems.items.push(d);
    problems.error(displayPath(path.join(contentDir, String(edition))), undefined, `找不到卷 ${edition}；请先用 yearbook new --volume ${edition} 新建 (volume ${edition} not found: start it with "yearbook new --volume ${edition}")`);
    return [];
  }
  const dir = path.dirname(path.resolve(volume.file));
  const file = path.join(dir, `${chapter.slug}.md`);
  const taken = volume.chapters.find((c) => c.record.slug === chapter.slug && c.record.file !== displayPath(file));
  if (taken) {
    problems.error(displayPath(file), undefined, `网址名“${chapter.slug}”已被 ${taken.record.file} 使用 (the slug "${chapter.slug}" is used by ${taken.record.file} already)`);
    return [];
  }
  const categories = await configuredCategories(volume);
  if (chapter.category && categories.length > 0 && !categories.includes(chapter.category)) {
    problems.error(volume.file, undefined, `类目“${chapter.category}”不在 ${volume.file} 的 categories 中 (unknown category "${chapter.category}": use one of ${categories.map((c) => `"${c}"`).join(', ')}, or add it to ${volume.file} first)`);
    return [];
  }
  // A chapter opens with its overview entry (概况), as the printed yearbook does.
  const overview = isOverviewTitle(chapter.title) ? chapter.title : `${chapter.title}概况`;
  const text = chapterText(chapter.title, chapter.slug, chapter.category ?? null, null, [overview]);
  if (await createFile(file, text)) return [displayPath(file)];
  problems.error(displayPath(file), undefined, EXISTS);
  return [];
}

/** The categories volume.yml lists (none: any category will do). */
async function configuredCategories(volume: VolumeModel): Promise<string[]> {
  const absolute = path.resolve(volume.file);
  const parsed = parseVolumeConfig({ path: volume.file, absolute, text: await readFile(absolute, 'utf8') }, new Diagnostics());
  return parsed?.config.categories ?? [];
}

function volumeText(previous: VolumeModel, edition: number): string {
  const year = previous.year + (edition - previous.edition);
  const fields = {
    title: previous.yearbook,
    edition,
    year,
    ...(previous.categories.length > 0 ? { categories: previous.categories } : {}),
  };
  return `# 《${previous.yearbook}·${edition}》: the ${edition} volume records the year ${year}.\n${stringify(fields)}`;
}

/** A draft chapter: front matter, then the entry headings with nothing under them. */
function chapterText(title: string, slug: string, category: string | null, order: number | null, headings: string[]): string {
  const front = stringify({
    title,
    slug,
    ...(category ? { category } : {}),
    ...(order !== null ? { order } : {}),
    draft: true,
  });
  return `---\n${front}---\n\n${headings.map((h) => `## ${h}\n`).join('\n')}`;
}

const EXISTS = `文件已存在，未覆盖 (the file exists already and was left unchanged)`;

/** Creates a file that does not exist yet; returns false, writing nothing, when it exists. */
async function createFile(file: string, text: string): Promise<boolean> {
  try {
    await writeFile(file, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}
