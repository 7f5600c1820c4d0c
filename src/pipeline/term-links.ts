// Where a glossary term (名词解释) occurs in an entry's text, the reader can reach its definition:
// a transform over the HTML tree of the entry's (already sanitized) fragments that wraps the first
// occurrence of each term in a link. Text inside links, code and headings is left alone.
import type { Element, ElementContent, Root, Text } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { SKIP, visit } from 'unist-util-visit';

export interface TermTarget {
  term: string;
  href: string;
}

const SKIPPED = new Set(['a', 'code', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** Links terms in the fragments of one entry; `linked` holds the terms linked already in that entry. */
export class TermLinker {
  private readonly pattern: RegExp | null;
  private readonly targets: Map<string, string>;

  constructor(terms: TermTarget[]) {
    this.targets = new Map(terms.map((t) => [t.term, t.href]));
    // Longest first, so a term containing another is matched whole.
    const alternatives = [...this.targets.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map(escapeRegExp);
    this.pattern = alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'gu') : null;
  }

  link(html: string, linked: Set<string>): string {
    if (!this.pattern) return html;
    const tree: Root = fromHtml(html, { fragment: true });
    let changed = false;
    visit(tree, (node, index, parent) => {
      if (node.type === 'element' && SKIPPED.has((node as Element).tagName)) return SKIP;
      if (node.type !== 'text' || !parent || index === undefined) return undefined;
      const parts = this.split((node as Text).value, linked);
      if (parts.length === 1 && parts[0]!.type === 'text') return undefined;
      (parent.children as ElementContent[]).splice(index, 1, ...parts);
      changed = true;
      return [SKIP, index + parts.length];
    });
    return changed ? toHtml(tree) : html;
  }

  private split(text: string, linked: Set<string>): ElementContent[] {
    const parts: ElementContent[] = [];
    let last = 0;
    for (const match of text.matchAll(this.pattern!)) {
      const term = match[0];
      if (linked.has(term)) continue;
      linked.add(term);
      if (match.index > last) parts.push({ type: 'text', value: text.slice(last, match.index) });
      parts.push({
        type: 'element',
        tagName: 'a',
        properties: { className: ['term'], href: this.targets.get(term)! },
        children: [{ type: 'text', value: term }],
      });
      last = match.index + term.length;
    }
    if (last < text.length) parts.push({ type: 'text', value: text.slice(last) });
    return parts;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
