// yearbook: the command-line program. Each command lives in src/commands/.
import { buildCommand } from './commands/build.ts';
import { checkCommand } from './commands/check.ts';
import { devCommand } from './commands/dev.ts';
import { newCommand } from './commands/new.ts';
import { UsageError, type Command } from './commands/command.ts';
import { importCommand } from './commands/import.ts';
import { parseCommand } from './commands/parse.ts';
import { BuildError, formatDiagnostic } from './diagnostics.ts';

const commands: Command[] = [buildCommand, checkCommand, importCommand, parseCommand, newCommand, devCommand];

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `yearbook: a static-site generator for Chinese local yearbooks (年鉴)

Usage: yearbook <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run "yearbook <command> --help" for the options of a command.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`yearbook: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`yearbook ${name}: ${error.message}\nRun "yearbook ${name} --help" for usage.\n`);
      return 2;
    }
    if (error instanceof BuildError) {
      for (const d of error.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
      process.stderr.write(`yearbook ${name}: failed\n`);
      return 1;
    }
    // An unexpected failure: say what happened without a stack trace (YEARBOOK_DEBUG=1 shows it).
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`yearbook ${name}: ${message}\n`);
    if (process.env.YEARBOOK_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}
