// One frozen unified processor for the whole build: its extensions are combined once, not per file.
import type { Root as HastRoot } from 'hast';
import { defaultSchema, type Schema } from 'hast-util-sanitize';
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

function toSafeHtml(nodes: RootContent[], transform?: HastTransform): string {
  return html.stringify({ type: 'root', children: nodes, data: { hastTransform: transform } }).trim();
}

/** Block content (paragraphs, lists, …) → sanitized HTML. */
export function blocksToHtml(nodes: RootContent[], transform?: HastTransform): string {
  return toSafeHtml(nodes, transform);
}

/** Inline content (the runs of text inside a paragraph) → sanitized HTML without a wrapper. */
export function inlineToHtml(nodes: PhrasingContent[], transform?: HastTransform): string {
  return toSafeHtml(nodes, transform);
}
