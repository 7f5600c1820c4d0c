// Problems found in content or templates, reported to editors as `path:line:col message`.
// Every stage adds to one list so that all problems are reported at once.

export type Severity = 'error' | 'warning';

export interface Position {
  line: number;
  column: number;
}

export interface Diagnostic extends Position {
  file: string;
  severity: Severity;
  /** Plain words, Chinese first, then English, so that editors and developers both read it. */
  message: string;
}

export const START: Position = { line: 1, column: 1 };

export class Diagnostics {
  readonly items: Diagnostic[] = [];

  error(file: string, at: Position | undefined, message: string): void {
    this.items.push({ file, ...(at ?? START), severity: 'error', message });
  }

  warning(file: string, at: Position | undefined, message: string): void {
    this.items.push({ file, ...(at ?? START), severity: 'warning', message });
  }

  get errors(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'error');
  }

  get warnings(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'warning');
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  /** Sorted by file, then position, so that output is the same from run to run. */
  sorted(): Diagnostic[] {
    return [...this.items].sort(
      (a, b) =>
        (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column,
    );
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  const prefix = d.severity === 'warning' ? 'warning: ' : '';
  return `${d.file}:${d.line}:${d.column} ${prefix}${d.message}`;
}

/** An error the build cannot recover from, carrying what to tell the user. */
export class BuildError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'BuildError';
  }
}

/** Line and column (1-based) of a character offset in a text. */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
