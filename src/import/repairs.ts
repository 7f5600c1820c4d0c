// What an import changed or left out, line by line. Record as found (照录): the importer never
// changes the source text silently, so every repair and every dropped piece of page is logged here
// and printed for the editor, at the line and column of the source file.
import type { Position } from '../diagnostics.ts';

/** A repair changes the text (`--strict` refuses it); a note reports page layout that was left out. */
export type RepairKind = 'repair' | 'note';

export interface Repair extends Position {
  kind: RepairKind;
  /** Plain words, Chinese first, then English. */
  message: string;
}

export class RepairLog {
  readonly items: Repair[] = [];

  repair(at: Position, message: string): void {
    this.items.push({ ...at, kind: 'repair', message });
  }

  note(at: Position, message: string): void {
    this.items.push({ ...at, kind: 'note', message });
  }

  get repairs(): Repair[] {
    return this.items.filter((r) => r.kind === 'repair');
  }

  /** `file:line:col message`, in source order, so that output is the same from run to run. */
  format(file: string): string[] {
    return [...this.items]
      .sort((a, b) => a.line - b.line || a.column - b.column)
      .map((r) => `${file}:${r.line}:${r.column} ${r.kind === 'note' ? 'info: ' : ''}${r.message}`);
  }
}
