import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Diagnostics } from '../diagnostics.ts';
import { decodeSourceText, ImportRefusal, parseSourceText, type SourceChapter } from '../import/source-text.ts';
import { RepairLog } from '../import/repairs.ts';
import { chapterMarkdown, volumeYaml } from '../import/to-markdown.ts';
import { displayPath } from '../pipeline/load.ts';
import { parseVolumeConfig } from '../pipeline/model.ts';
import { SLUG_PATTERN } from '../schema.ts';
import { parseCommandArgs, report, UsageError, type Command } from './command.ts';

export const importCommand: Command = {
  name: 'import',
  summary: 'turn a chapter page from the source site into a chapter file',
  help: `Usage: yearbook import RAW.txt [--out FILE.md] [--slug SLUG] [--category 类目] [--force] [--strict]

Reads one page of text as the source site serves it (title line, 【作者】 line, 【标题】 entries,
sub-entries, ·资料链接· boxes, the signature) and writes the chapter in the content format:
front matter and body, to FILE.md or to the standard output. Half-width , ; : ( ) next to Chinese
text become full width; nothing else in the text changes. Every repair is printed as
"RAW.txt:line:column message"; page fields that are not content (成文日期, 点击率, the footer)
are left out and said so with "info:".
When FILE.md's folder has no volume.yml yet, one is created from 【文章来源】《书名·卷》.

Options:
  --out FILE.md        write the chapter here (default: standard output)
  --slug SLUG          the chapter's address, e.g. zuzhi-gongzuo (default: the file name)
  --category 类目      the category the chapter belongs to, e.g. 政治
  --force              replace FILE.md when it exists already
  --strict             refuse the text when it needs any repair
  -h, --help           show this help

Exit code 1 when the file is not a chapter page (empty, binary, not UTF-8, no entries), when
FILE.md exists without --force, or when --strict finds a repair.`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        out: { type: 'string' },
        slug: { type: 'string' },
        category: { type: 'string' },
        force: { type: 'boolean', default: false },
        strict: { type: 'boolean', default: false },
      },
      true,
    );
    if (values.help) {
      process.stdout.write(`${this.help}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('give exactly one text file, e.g. yearbook import 组织工作.txt --out content/2020/zuzhi-gongzuo.md');
    if (values.slug !== undefined && !SLUG_PATTERN.test(values.slug)) {
      throw new UsageError(`bad slug "${values.slug}": use lowercase ASCII letters, digits and single hyphens, e.g. zuzhi-gongzuo`);
    }
    const category = values.category?.trim();
    if (values.category !== undefined && !category) throw new UsageError('--category is empty: give the category, e.g. --category 政治');
    const input = path.resolve(positionals[0]!);
    const out = values.out === undefined ? null : path.resolve(values.out);
    if (out && !out.endsWith('.md')) throw new UsageError(`--out ${values.out}: a chapter file ends in .md`);
    if (out === input) throw new UsageError('--out names the input file: write the chapter to another file');

    const file = displayPath(input);
    const bytes = await readFile(input).catch(() => {
      throw new UsageError(`cannot read ${positionals[0]}`);
    });
    if (out && !values.force && existsSync(out)) return refuseExisting(out);

    const log = new RepairLog();
    const chapter = readChapter(bytes, file, log);
    for (const line of log.format(file)) process.stderr.write(`${line}\n`);
    if (chapter instanceof ImportRefusal) {
      process.stderr.write(`${file}:${chapter.at.line}:${chapter.at.column} ${chapter.message}\nyearbook import: ${file} 不是分目页面，未写入 (${file} is not a chapter page; nothing was written)\n`);
      return 1;
    }
    const repairs = log.repairs.length;
    if (values.strict && repairs > 0) {
      process.stderr.write(`yearbook import: --strict: 源文本需要修复 ${repairs} 处，未写入 (the text needs ${plural(repairs, 'repair', 'repairs')}; nothing was written)\n`);
      return 1;
    }

    const markdown = chapterMarkdown(chapter, { slug: values.slug, category });
    if (!out) {
      process.stdout.write(markdown);
    } else {
      await mkdir(path.dirname(out), { recursive: true });
      try {
        await writeFile(out, markdown, { flag: values.force ? 'w' : 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return refuseExisting(out);
        throw error;
      }
      await ensureVolume(path.dirname(out), chapter, category);
    }
    const blocks = chapter.entries.flatMap((e) => e.blocks);
    const entries = chapter.entries.length;
    const subentries = blocks.filter((b) => b.kind === 'subentry').length;
    const sidebars = blocks.filter((b) => b.kind === 'sidebar').length;
    process.stderr.write(
      `yearbook import: ${file} → ${out ? displayPath(out) : 'stdout'}: ${entries} 个条目，${subentries} 个子条目，${sidebars} 个资料链接，修复 ${repairs} 处 (${plural(entries, 'entry', 'entries')}, ${plural(subentries, 'sub-entry', 'sub-entries')}, ${plural(sidebars, 'sidebar', 'sidebars')}, ${plural(repairs, 'repair', 'repairs')})\n`,
    );
    return 0;
  },
};

function readChapter(bytes: Uint8Array, file: string, log: RepairLog): SourceChapter | ImportRefusal {
  try {
    return parseSourceText(decodeSourceText(bytes, file, log), log);
  } catch (error) {
    if (error instanceof ImportRefusal) return error;
    throw error;
  }
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function refuseExisting(out: string): number {
  process.stderr.write(`yearbook import: ${displayPath(out)} 已存在，未覆盖；要替换它请加 --force (${displayPath(out)} exists already and was left as it was; add --force to replace it)\n`);
  return 1;
}

/** Creates volume.yml for a new volume folder; in an existing one, says what does not match the chapter. */
async function ensureVolume(dir: string, chapter: SourceChapter, category: string | undefined): Promise<void> {
  const absolute = path.join(dir, 'volume.yml');
  const file = displayPath(absolute);
  const diagnostics = new Diagnostics();
  const folder = path.basename(dir);
  if (!existsSync(absolute)) {
    const yaml = volumeYaml(chapter, category);
    if (yaml === null) {
      diagnostics.warning(file, undefined, `源文本没有【文章来源】《书名·卷》，无法生成 volume.yml，请手工创建 (the text names no volume such as 【文章来源】《中山年鉴·2020》: create volume.yml by hand)`);
    } else {
      await writeFile(absolute, yaml, { flag: 'wx' });
      process.stderr.write(`yearbook import: created ${file}\n`);
      if (/^\d{4}$/.test(folder) && Number(folder) !== chapter.edition) {
        diagnostics.warning(file, undefined, `文件夹“${folder}”与源文本的卷 ${chapter.edition} 不一致 (the folder "${folder}" is not the volume the text comes from, ${chapter.edition})`);
      }
    }
  } else {
    const volume = parseVolumeConfig({ path: file, absolute, text: await readFile(absolute, 'utf8') }, new Diagnostics())?.config;
    if (volume && category && volume.categories && !volume.categories.includes(category)) {
      diagnostics.warning(file, undefined, `类目“${category}”不在 categories 中，请补上 (category "${category}" is not in the categories of ${file}: add it, or "yearbook check" will fail)`);
    }
    if (volume && chapter.edition !== null && volume.edition !== chapter.edition) {
      diagnostics.warning(file, undefined, `本卷是 ${volume.edition} 卷，源文本却出自 ${chapter.source} (this volume is ${volume.edition}, but the text comes from ${chapter.source})`);
    }
  }
  report(diagnostics);
}
