import { existsSync } from 'node:fs';
import path from 'node:path';
import { build, DEFAULT_TEMPLATES } from '../build.ts';
import { DEFAULT_CACHE_DIR } from '../pipeline/cache.ts';
import { displayPath } from '../pipeline/load.ts';
import { parseCommandArgs, report, seconds, summariseProblems, type Command } from './command.ts';

/** templates/ in the working directory when there is one, else the templates that ship with the tool. */
export function resolveTemplates(option: string | undefined): string {
  if (option) return path.resolve(option);
  const local = path.resolve('templates');
  return existsSync(path.join(local, 'chapter.liquid')) ? local : DEFAULT_TEMPLATES;
}

export const buildCommand: Command = {
  name: 'build',
  summary: 'build the site from content/ into dist/',
  help: `Usage: yearbook build [--content DIR] [--out DIR] [--templates DIR] [--drafts] [--no-search] [--no-cache] [--cache-dir DIR]

Reads every volume and chapter in the content folder, checks them, and writes the static site:
every page in Simplified characters and, under hant/, in Traditional characters (Hong Kong),
one search index for both under pagefind/ (one part per volume), and sitemap.xml and feed.xml
when site.yml sets url.
A failed build leaves the previous site as it was: nothing is put in place until every page is
made. The first build (and any build with --no-cache) writes the site into a fresh folder that
replaces the output folder. Later builds know from the cache what the output folder holds, and
change only the files whose bytes differ (each replaced whole) and remove what is gone; a file
changed or deleted by hand in the output folder is not noticed until a build with --no-cache.
Parsed chapters and rendered pages are cached between builds, keyed by their content; the cache
is dropped when the templates, the tool or its dependencies change. A chapter file whose size,
modification and change times and inode are what they were when a build read it (more than two
seconds after it last changed) is not read again; --no-cache reads every file.

Options:
  --content DIR     content folder (default: content)
  --out DIR         output folder (default: dist)
  --templates DIR   templates folder (default: templates, or the built-in templates)
  --drafts          include chapters marked "draft: true"
  --no-search       build without the search index (no search box, no search page)
  --no-cache        build everything afresh, without reading or writing the cache
  --cache-dir DIR   cache folder (default: ${DEFAULT_CACHE_DIR})
  -h, --help        show this help`,
  async run(args) {
    const { values } = parseCommandArgs(args, {
      content: { type: 'string', default: 'content' },
      out: { type: 'string', default: 'dist' },
      templates: { type: 'string' },
      drafts: { type: 'boolean', default: false },
      'no-search': { type: 'boolean', default: false },
      'no-cache': { type: 'boolean', default: false },
      'cache-dir': { type: 'string', default: DEFAULT_CACHE_DIR },
    });
    if (values.help) {
      process.stdout.write(`${this.help}\n`);
      return 0;
    }
    const start = performance.now();
    process.stderr.write(`yearbook: building ${values.content} → ${values.out}\n`);
    const result = await build({
      contentDir: values.content!,
      outDir: values.out!,
      templatesDir: resolveTemplates(values.templates),
      drafts: values.drafts,
      search: !values['no-search'],
      cacheDir: values['no-cache'] ? null : values['cache-dir'],
      // The process ends with the build.
      searchFirst: true,
      progress: (stage, ms) => process.stderr.write(`yearbook: ${stage} (${(ms / 1000).toFixed(2)} s)\n`),
    });
    report(result.diagnostics);
    if (result.diagnostics.hasErrors) {
      process.stderr.write(`yearbook: build failed, ${summariseProblems(result.diagnostics)}; ${displayPath(path.resolve(values.out!))} was left unchanged\n`);
      return 1;
    }
    process.stderr.write(
      `yearbook: built ${result.volumes} volume${result.volumes === 1 ? '' : 's'}, ${result.chapters} chapter${result.chapters === 1 ? '' : 's'}, ${result.files} files into ${displayPath(path.resolve(values.out!))} in ${seconds(start)}\n`,
    );
    return 0;
  },
};
