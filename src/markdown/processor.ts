// One frozen unified processor for the whole build: its extensions are combined once, not per file.
import type { Root as HastRoot } from 'hast';
import { sanitize } from 'hast-util-sanitize';
import { toHtml } from 'hast-util-to-html';
import type { Root, RootContent, PhrasingContent } from 'mdast';
import { toHast } from 'mdast-util-to-hast';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkDirective from 'remark-directive';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import remarkCjkLineBreak from './cjk-line-break.ts';
import remarkLiteralDirectives from './literal-directives.ts';

const parser = unified()
  .use(remarkParse)
  .use(remarkDirective)
  .use(remarkCjkFriendly)
  .use(remarkLiteralDirectives)
  .use(remarkCjkLineBreak)
  .freeze();

/** Markdown → mdast, with our transforms applied. */
export function parseMarkdown(markdown: string): Root {
  const file = new VFile({ value: markdown });
  const tree = parser.parse(file);
  return parser.runSync(tree, file);
}

// Sanitized with GitHub's schema (hast-util-sanitize's default, as remark-html does): raw HTML,
// event handlers and `javascript:` links never reach a page.
/** A change to the sanitized tree before it is written, adding only our own attributes. */
export type HastTransform = (tree: HastRoot) => void;

function toSafeHtml(nodes: RootContent[], transform?: HastTransform): string {
  const tree = sanitize(toHast({ type: 'root', children: nodes })) as HastRoot;
  transform?.(tree);
  return toHtml(tree).trim();
}

/** Block content (paragraphs, lists, …) → sanitized HTML. */
export function blocksToHtml(nodes: RootContent[], transform?: HastTransform): string {
  return toSafeHtml(nodes, transform);
}

/** Inline content (the runs of text inside a paragraph) → sanitized HTML without a wrapper. */
export function inlineToHtml(nodes: PhrasingContent[], transform?: HastTransform): string {
  return toSafeHtml(nodes, transform);
}
