// One frozen unified processor for the whole build: its extensions are combined once, not per file.
import type { Root, RootContent, PhrasingContent } from 'mdast';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkDirective from 'remark-directive';
import remarkHtml from 'remark-html';
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

// remark-html sanitizes by default (GitHub's schema): raw HTML, event handlers and
// `javascript:` links never reach a page.
const html = unified().use(remarkHtml).freeze();

/** Block content (paragraphs, lists, …) → sanitized HTML. */
export function blocksToHtml(nodes: RootContent[]): string {
  return html.stringify({ type: 'root', children: nodes }).trim();
}

/** Inline content (the runs of text inside a paragraph) → sanitized HTML without a wrapper. */
export function inlineToHtml(nodes: PhrasingContent[]): string {
  return html.stringify({ type: 'root', children: nodes }).trim();
}
