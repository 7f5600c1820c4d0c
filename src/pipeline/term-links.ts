// Where a glossary term (名词解释) occurs in an entry's text, the reader can reach its definition:
// the first occurrence of each term in an entry's (already sanitized) fragments becomes a link.
// Text inside links, code and headings is left alone. The fragments are our own output, so one
// pass over their text (html-text.ts) does it without parsing them into a tree again.
import { mapHtml } from './html-text.ts';

export interface TermTarget {
  term: string;
  href: string;
}

const SKIPPED = new Set(['a', 'code', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** Text as it is written inside HTML: the fragments' text is escaped, so terms are matched escaped. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#x22;');
}

/** Links terms in the fragments of one entry; `linked` holds the terms linked already in that entry. */
export class TermLinker {
  private readonly pattern: RegExp | null;
  /** Escaped term → escaped address. */
  private readonly targets: Map<string, string>;

  constructor(terms: TermTarget[]) {
    this.targets = new Map(terms.map((t) => [escapeHtml(t.term), escapeHtml(t.href)]));
    // Longest first, so a term containing another is matched whole.
    const alternatives = [...this.targets.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map(escapeRegExp);
    this.pattern = alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'gu') : null;
  }

  link(html: string, linked: Set<string>): string {
    const pattern = this.pattern;
    if (!pattern) return html;
    return mapHtml(html, {
      text: (text, open) =>
        open.some((e) => SKIPPED.has(e.name))
          ? text
          : text.replace(pattern, (term) => {
              if (linked.has(term)) return term;
              linked.add(term);
              return `<a class="term" href="${this.targets.get(term)!}">${term}</a>`;
            }),
    });
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
