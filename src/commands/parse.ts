import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Diagnostics } from '../diagnostics.ts';
import { decodeText, displayPath } from '../pipeline/load.ts';
import { parseChapter, parseVolumeConfig } from '../pipeline/model.ts';
import { parseCommandArgs, report, UsageError, type Command } from './command.ts';

export const parseCommand: Command = {
  name: 'parse',
  summary: "print a chapter's typed record as JSON",
  help: `Usage: yearbook parse FILE.md

Prints the chapter as the typed record the site is built from (entries, sub-entries, sidebars,
cross-references, and "facts": every statistical figure of the text with its value in base units,
unit, label and sentence), with the fields of its volume (volume.yml in the same folder) filled in.
The site publishes the same JSON beside each chapter page (record.json); its JSON Schema is
schema/chapter.schema.json.

Options:
  -h, --help   show this help`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {}, true);
    if (values.help) {
      process.stdout.write(`${this.help}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('give exactly one chapter file, e.g. yearbook parse content/2020/zuzhi-gongzuo.md');
    const absolute = path.resolve(positionals[0]!);
    const diagnostics = new Diagnostics();
    const volumeFile = path.join(path.dirname(absolute), 'volume.yml');
    const [chapterBytes, volumeBytes] = await Promise.all([readOrNull(absolute), readOrNull(volumeFile)]);
    if (!chapterBytes) throw new UsageError(`cannot read ${positionals[0]}`);
    if (!volumeBytes) {
      diagnostics.error(displayPath(volumeFile), undefined, `找不到本卷的 volume.yml (no volume.yml beside the chapter: the chapter's volume is defined there)`);
      report(diagnostics);
      return 1;
    }
    const chapterText = decodeText(chapterBytes, displayPath(absolute), diagnostics);
    const volumeText = decodeText(volumeBytes, displayPath(volumeFile), diagnostics);
    const volume = volumeText === null ? null : parseVolumeConfig({ path: displayPath(volumeFile), absolute: volumeFile, text: volumeText }, diagnostics);
    const chapter =
      volume && chapterText !== null
        ? parseChapter({ path: displayPath(absolute), absolute, text: chapterText }, { config: volume.config, file: displayPath(volumeFile) }, diagnostics)
        : null;
    report(diagnostics);
    if (!chapter || diagnostics.hasErrors) return 1;
    process.stdout.write(`${JSON.stringify(chapter.record, null, 2)}\n`);
    return 0;
  },
};

async function readOrNull(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch {
    return null;
  }
}
