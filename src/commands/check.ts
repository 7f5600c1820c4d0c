import { checkAndLint } from '../build.ts';
import { parseCommandArgs, report, seconds, summariseProblems, type Command } from './command.ts';

export const checkCommand: Command = {
  name: 'check',
  summary: 'check all content without writing anything',
  help: `Usage: yearbook check [--content DIR] [--strict]

Checks every volume.yml and chapter: front matter, slugs, categories, entries, sidebars.
Also warns about what an editor should look at: entry titles longer than the norm (18
characters) or with a comma, cross-references to a chapter that does not exist, chapters
without an author, empty entries in drafts.
Every problem is printed as "file:line:column message". Nothing is written.
Exit code 1 when there is any error (with --strict, any warning too).

Options:
  --content DIR   content folder (default: content)
  --strict        fail on warnings as well as errors
  -h, --help      show this help`,
  async run(args) {
    const { values } = parseCommandArgs(args, {
      content: { type: 'string', default: 'content' },
      strict: { type: 'boolean', default: false },
    });
    if (values.help) {
      process.stdout.write(`${this.help}\n`);
      return 0;
    }
    const start = performance.now();
    const { diagnostics, site } = await checkAndLint(values.content!);
    report(diagnostics);
    const chapters = site.volumes.reduce((n, v) => n + v.chapters.length, 0);
    if (diagnostics.hasErrors || (values.strict && diagnostics.warnings.length > 0)) {
      process.stderr.write(`yearbook: check failed, ${summariseProblems(diagnostics)}${diagnostics.hasErrors ? '' : ' (--strict)'}\n`);
      return 1;
    }
    const problems = summariseProblems(diagnostics);
    process.stderr.write(`yearbook: checked ${site.volumes.length} volume${site.volumes.length === 1 ? '' : 's'}, ${chapters} chapter${chapters === 1 ? '' : 's'}${problems ? `, ${problems}` : ', no problems'} in ${seconds(start)}\n`);
    return 0;
  },
};
