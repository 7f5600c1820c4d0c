// 名词解释: the terms a chapter defines, collected from its entries. Three ways of defining a term
// are common in yearbooks: a 资料链接 sidebar item (`“四个对照”：指……`), an abbreviation introduced
// inline (`中共中山市委组织部（简称“市委组织部”）`) and a gloss (`“三会一课”（指……）`).
import type { Entry, Term } from '../schema.ts';

const ABBREVIATION = /[（(]\s*简称\s*[“"「]?([^”"」）)]+?)[”"」]?\s*[）)]/g;
const GLOSS = /[“"「]([^”"」]+)[”"」]\s*[（(]\s*(?=指)/g;
/** Where a clause ends, outside quotes and brackets. */
const CLAUSE_END = /[，。；：、,;:！？!?\s]/;
const OPENERS: Record<string, string> = { '”': '“', '」': '「', '》': '《', '）': '（', ')': '(', '"': '"' };

/** All terms of a chapter's entries, in reading order; a term defined twice keeps its first definition. */
export function collectTerms(entries: Entry[]): Term[] {
  const terms = new Map<string, Term>();
  const add = (term: Term) => {
    if (term.term && term.definition && !terms.has(term.term)) terms.set(term.term, term);
  };
  for (const entry of entries) {
    const texts = [...entry.paragraphs, ...entry.subentries.map((s) => s.text)];
    for (const text of texts) {
      for (const term of inlineTerms(text)) add({ ...term, entry: entry.id });
    }
    for (const sidebar of entry.sidebars) {
      for (const item of sidebar.items) add({ term: item.term, definition: item.definition, kind: 'sidebar', entry: entry.id });
    }
  }
  return [...terms.values()];
}

/** Abbreviations and glosses defined in one run of text, in order of appearance. */
export function inlineTerms(text: string): Omit<Term, 'entry'>[] {
  const found: (Omit<Term, 'entry'> & { at: number })[] = [];
  for (const match of text.matchAll(ABBREVIATION)) {
    const full = fullForm(text.slice(0, match.index));
    if (full) found.push({ term: match[1]!.trim(), definition: full, kind: 'abbreviation', at: match.index });
  }
  for (const match of text.matchAll(GLOSS)) {
    const open = match.index + match[0].length - 1;
    const definition = bracketed(text, open);
    if (definition) found.push({ term: match[1]!.trim(), definition, kind: 'gloss', at: match.index });
  }
  return found.sort((a, b) => a.at - b.at).map(({ at: _at, ...term }) => term);
}

/**
 * The full form an abbreviation stands for: the clause before `（简称…）`. A clause ending in a
 * book title is that title (`制定《……若干措施》`); one holding a quotation starts at the quote
 * (`开展“不忘初心、牢记使命”主题教育`); punctuation inside quotes and brackets does not end it.
 */
function fullForm(before: string): string {
  const stack: string[] = [];
  let start = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    const ch = before[i]!;
    if (stack.length > 0 && ch === stack.at(-1)) {
      stack.pop();
      continue;
    }
    if (OPENERS[ch]) {
      stack.push(OPENERS[ch]!);
      continue;
    }
    if (stack.length === 0 && CLAUSE_END.test(ch)) {
      start = i + 1;
      break;
    }
  }
  const clause = before.slice(start).trim();
  if (clause.endsWith('》')) return clause.slice(clause.lastIndexOf('《'));
  const quote = clause.search(/[“「]/);
  return quote > 0 ? clause.slice(quote) : clause;
}

/** The text inside the bracket opened at `open`, nested brackets included. */
function bracketed(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '（' || ch === '(') depth++;
    else if (ch === '）' || ch === ')') {
      depth--;
      if (depth === 0) return text.slice(open + 1, i).trim();
    }
  }
  return '';
}
