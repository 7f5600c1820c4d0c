// What every CLI command looks like, and the helpers they share.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { formatDiagnostic, type Diagnostics } from '../diagnostics.ts';

export interface Command {
  name: string;
  /** One line for `yearbook --help`. */
  summary: string;
  /** Full text for `yearbook NAME --help`. */
  help: string;
  /** Returns the exit code: 0 success, 1 problems in the content, 2 wrong usage. */
  run(args: string[]): Promise<number>;
}

export class UsageError extends Error {}

export type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses arguments strictly; an unknown option is a usage error, not a crash. */
export function parseCommandArgs<O extends Options>(args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Prints diagnostics to stderr, errors and warnings alike, in a stable order. */
export function report(diagnostics: Diagnostics): void {
  for (const d of diagnostics.sorted()) process.stderr.write(`${formatDiagnostic(d)}\n`);
}

export function summariseProblems(diagnostics: Diagnostics): string {
  const errors = diagnostics.errors.length;
  const warnings = diagnostics.warnings.length;
  const parts = [];
  if (errors) parts.push(`${errors} 个错误 (${errors} error${errors === 1 ? '' : 's'})`);
  if (warnings) parts.push(`${warnings} 个警告 (${warnings} warning${warnings === 1 ? '' : 's'})`);
  return parts.join(', ');
}

export function seconds(start: number): string {
  return `${((performance.now() - start) / 1000).toFixed(2)} s`;
}
