// One frozen unified processor for the whole build: its extensions are combined once, not per file.
import type { ElementContent, Root as HastRoot, RootContent as HastContent } from 'hast';
import { defaultSchema, sanitize, type Schema } from 'hast-util-sanitize';
import { toHtml } from 'hast-util-to-html';
import type { Root, RootContent, PhrasingContent } from 'mdast';
import { defaultHandlers, type Handlers, type State } from 'mdast-util-to-hast';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkDirective from 'remark-directive';
import remarkHtml from 'remark-html';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import remarkCjkLineBreak from './cjk-line-break.ts';
import remarkLiteralDirectives from './literal-directives.ts';
import { parsePlainMarkdown } from './plain-markdown.ts';
import remarkResolveReferences from './resolve-references.ts';

const parser = unified()
  .use(remarkParse)
  .use(remarkDirective)
  .use(remarkCjkFriendly)
  .use(remarkLiteralDirectives)
  .use(remarkResolveReferences)
  .use(remarkCjkLineBreak)
  .freeze();

/**
 * Markdown → mdast, with our transforms applied. A chapter of the plain form is read without
 * micromark, into the same tree (plain-markdown.ts).
 */
export function parseMarkdown(markdown: string): Root {
  const file = new VFile({ value: markdown });
  const tree = parsePlainMarkdown(markdown) ?? parser.parse(file);
  return parser.runSync(tree, file);
}

/** A change to the HTML tree of a fragment (before sanitizing), adding only our own ids and spans. */
export type HastTransform = (tree: HastRoot) => void;

declare module 'mdast' {
  interface RootData {
    /** Applied to the fragment's HTML tree by the `root` handler below. */
    hastTransform?: HastTransform;
  }
}

// remark-html sanitizes with GitHub's schema (hast-util-sanitize's default): raw HTML, event
// handlers and `javascript:` links never reach a page. The one change: ids are kept as they are
// instead of being prefixed with "user-content-", because the only ids in a fragment are the
// sentence anchors we add (Markdown without raw HTML cannot write an id).
const schema: Schema = { ...defaultSchema, clobber: (defaultSchema.clobber ?? []).filter((name) => name !== 'id') };

function root(state: State, node: Root): HastRoot {
  const tree = defaultHandlers.root(state, node) as HastRoot;
  node.data?.hastTransform?.(tree);
  return tree;
}

// The `Handler` type leaves out the root, which mdast-util-to-hast's own root handler returns.
const handlers = { root } as unknown as Handlers;

const html = unified().use(remarkHtml, { sanitize: schema, handlers }).freeze();

/** Node types the plain state below turns into HTML: those of an entry's paragraphs as a chapter of the plain form has them. */
const PLAIN_TYPES = new Set(['paragraph', 'strong', 'text']);

function isPlainContent(nodes: readonly RootContent[]): boolean {
  for (const node of nodes) {
    if (!PLAIN_TYPES.has(node.type) || node.data !== undefined) return false;
    if ('children' in node && !isPlainContent(node.children)) return false;
  }
  return true;
}

/**
 * The state mdast-util-to-hast's handlers work with, for plain content only: made once, where
 * toHast makes one for every fragment (its handlers copied and the tree walked for definitions, a
 * third of the time of turning a paragraph into HTML). Its handlers are the library's own; without
 * line breaks or `data` in the tree, its `all` and `applyData` come to what the library's do.
 * Positions are left out: the HTML does not show them, and our transforms do not read them.
 */
const plainState = {
  handlers: defaultHandlers,
  options: {},
  one(node: RootContent | Root, parent?: Root | RootContent): unknown {
    return (defaultHandlers as unknown as Record<string, (state: unknown, node: unknown, parent: unknown) => unknown>)[node.type]!(plainState, node, parent);
  },
  all(parent: { children: RootContent[] }): unknown[] {
    return parent.children.map((child) => plainState.one(child, parent as Root));
  },
  patch(): void {},
  applyData<T>(_from: unknown, to: T): T {
    return to;
  },
  // mdast-util-to-hast's wrap (not exported) as the root handler calls it: a line feed between
  // nodes (its `loose` form is for list items, which plain content has none of).
  wrap(nodes: unknown[]): unknown[] {
    return nodes.flatMap((node, index) => (index > 0 ? [{ type: 'text', value: '\n' }, node] : [node]));
  },
};

/** The elements of a plain fragment's HTML tree: paragraphs, bold, and the sentences' spans. */
const PLAIN_ELEMENTS = new Set(['p', 'strong', 'span']);
/** What hast-util-to-html writes as a character reference in text (its subset for text). */
const ESCAPED_IN_TEXT = /[<&]/;
/** What it writes as a character reference in a double-quoted attribute value (its subset for one). */
const ESCAPED_IN_VALUE = /[\0"&'`]/;

/**
 * Writes a plain fragment's HTML tree as hast-util-to-html writes it after the sanitizer, or
 * returns false when the tree holds anything either of them might change or write otherwise:
 * an element other than <p>, <strong> and <span>, a property other than an `id` of text, or a
 * character that would become a reference. Neither changes what is left: GitHub's schema keeps
 * those elements and ids (ours does not prefix ids), and text and values without such characters
 * are written as they are. In a CPU profile of a cold build of the 4,000-chapter corpus,
 * sanitizing and serializing its entries took 0.19 s of the build's thread, writing them here 0.03 s.
 */
function writePlainTree(nodes: readonly (HastContent | ElementContent)[], out: string[]): boolean {
  for (const node of nodes) {
    if (node.type === 'text') {
      if (ESCAPED_IN_TEXT.test(node.value)) return false;
      out.push(node.value);
      continue;
    }
    if (node.type !== 'element' || !PLAIN_ELEMENTS.has(node.tagName)) return false;
    let start = `<${node.tagName}`;
    for (const key in node.properties) {
      const value = node.properties[key];
      if (key !== 'id' || typeof value !== 'string' || ESCAPED_IN_VALUE.test(value)) return false;
      start += ` id="${value}"`;
    }
    out.push(`${start}>`);
    if (!writePlainTree(node.children, out)) return false;
    out.push(`</${node.tagName}>`);
  }
  return true;
}

function toSafeHtml(nodes: RootContent[], transform?: HastTransform): string {
  const tree: Root = { type: 'root', children: nodes, data: { hastTransform: transform } };
  // remark-html's compiler, without its toHast: sanitize, then serialize (its line feed at the end
  // is trimmed off below either way).
  if (isPlainContent(nodes)) {
    const hast = root(plainState as unknown as State, tree);
    const out: string[] = [];
    if (writePlainTree(hast.children, out)) return out.join('').trim();
    return toHtml(sanitize(hast, schema), { allowDangerousHtml: false }).trim();
  }
  return html.stringify(tree).trim();
}

/** Block content (paragraphs, lists, …) → sanitized HTML. */
export function blocksToHtml(nodes: RootContent[], transform?: HastTransform): string {
  return toSafeHtml(nodes, transform);
}

/** Inline content (the runs of text inside a paragraph) → sanitized HTML without a wrapper. */
export function inlineToHtml(nodes: PhrasingContent[], transform?: HastTransform): string {
  return toSafeHtml(nodes, transform);
}
