// remark plugin: only `:::sidebar` is a directive in our content. remark-directive also reads
// `:name` inside text and `::name` on a line as directives, which would swallow ordinary text such
// as `网址:http`. Record as found: turn every such node back into the text it was written as.
import type { Root } from 'mdast';
import type { Plugin } from 'unified';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

const remarkLiteralDirectives: Plugin<[], Root> = () => (tree, file: VFile) => {
  const source = String(file.value);
  visit(tree, (node, index, parent) => {
    if ((node.type !== 'textDirective' && node.type !== 'leafDirective') || !parent || index === undefined) return;
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) return;
    const value = source.slice(start, end);
    const replacement =
      node.type === 'textDirective'
        ? { type: 'text' as const, value, position: node.position }
        : { type: 'paragraph' as const, children: [{ type: 'text' as const, value, position: node.position }], position: node.position };
    (parent.children as unknown[]).splice(index, 1, replacement);
    return [SKIP, index + 1];
  });
  // Adjacent text nodes left by the replacement are merged, so later passes see one run of text.
  visit(tree, (node) => {
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

export default remarkLiteralDirectives;
