// remark plugin: only `:::sidebar` is a directive in our content. remark-directive also reads
// `:name` inside text and `::name` on a line as directives, which would swallow ordinary text such
// as `网址:http`. Record as found: turn every such node back into the text it was written as.
import type { Root } from 'mdast';
import type { Plugin } from 'unified';
import type { Node, Parent } from 'unist';
import type { VFile } from 'vfile';
import { eachNode, hasChildren } from './children.ts';

const remarkLiteralDirectives: Plugin<[], Root> = () => (tree, file: VFile) => {
  literal(tree, String(file.value));
  // Adjacent text nodes left by the replacement are merged, so later passes see one run of text.
  eachNode(tree, (node) => {
    if (!('children' in node)) return;
    const children = node.children as { type: string; value?: string; position?: { end: unknown } }[];
    for (let i = children.length - 1; i > 0; i--) {
      const a = children[i - 1]!;
      const b = children[i]!;
      if (a.type === 'text' && b.type === 'text') {
        a.value = (a.value ?? '') + (b.value ?? '');
        if (a.position && b.position) a.position.end = b.position.end;
        children.splice(i, 1);
      }
    }
  });
};

/** Turns each text or leaf directive among the children back into its text; looks inside the others. */
function literal(parent: Parent, source: string): void {
  const { children } = parent;
  for (let index = 0; index < children.length; index++) {
    const node = children[index]!;
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if ((node.type !== 'textDirective' && node.type !== 'leafDirective') || start === undefined || end === undefined) {
      if (hasChildren(node)) literal(node, source);
      continue;
    }
    const value = source.slice(start, end);
    const replacement =
      node.type === 'textDirective'
        ? { type: 'text', value, position: node.position }
        : { type: 'paragraph', children: [{ type: 'text', value, position: node.position }], position: node.position };
    children.splice(index, 1, replacement as Node);
  }
}

export default remarkLiteralDirectives;
