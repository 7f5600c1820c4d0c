import { checkContent } from '../build.ts';
import { parseCommandArgs, report, seconds, summariseProblems, type Command } from './command.ts';

export const checkCommand: Command = {
  name: 'check',
  summary: 'check all content without writing anything',
  help: `Usage: yearbook check [--content DIR]

Checks every volume.yml and chapter: front matter, slugs, categories, entries, sidebars.
Every problem is printed as "file:line:column message". Nothing is written.
Exit code 1 when there is any error.

Options:
  --content DIR   content folder (default: content)
  -h, --help      show this help`,
  async run(args) {
    const { values } = parseCommandArgs(args, { content: { type: 'string', default: 'content' } });
    if (values.help) {
      process.stdout.write(`${this.help}\n`);
      return 0;
    }
    const start = performance.now();
    const { diagnostics, site } = await checkContent(values.content!);
    report(diagnostics);
    const chapters = site.volumes.reduce((n, v) => n + v.chapters.length, 0);
    if (diagnostics.hasErrors) {
      process.stderr.write(`yearbook: check failed, ${summariseProblems(diagnostics)}\n`);
      return 1;
    }
    const problems = summariseProblems(diagnostics);
    process.stderr.write(`yearbook: checked ${site.volumes.length} volume${site.volumes.length === 1 ? '' : 's'}, ${chapters} chapter${chapters === 1 ? '' : 's'}${problems ? `, ${problems}` : ', no problems'} in ${seconds(start)}\n`);
    return 0;
  },
};
