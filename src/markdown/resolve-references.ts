// remark plugin: `[text][id]` with a definition `[id]: https://…` elsewhere in the chapter becomes
// an ordinary link. Entries are turned into HTML fragment by fragment, where the definition would
// no longer be in sight, so references are resolved on the whole tree first. A reference without
// a definition stays the text it was written as (record as found).
import type { Definition, Root } from 'mdast';
import { normalizeIdentifier } from 'micromark-util-normalize-identifier';
import type { Plugin } from 'unified';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

const remarkResolveReferences: Plugin<[], Root> = () => (tree, file: VFile) => {
  const definitions = new Map<string, Definition>();
  visit(tree, 'definition', (node) => {
    const id = normalizeIdentifier(node.identifier);
    if (!definitions.has(id)) definitions.set(id, node);
  });
  const source = String(file.value);
  visit(tree, (node, index, parent) => {
    if ((node.type !== 'linkReference' && node.type !== 'imageReference') || !parent || index === undefined) return undefined;
    const definition = definitions.get(normalizeIdentifier(node.identifier));
    let replacement;
    if (definition) {
      replacement =
        node.type === 'linkReference'
          ? { type: 'link' as const, url: definition.url, title: definition.title ?? null, children: node.children, position: node.position }
          : { type: 'image' as const, url: definition.url, title: definition.title ?? null, alt: node.alt ?? null, position: node.position };
    } else {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      replacement = { type: 'text' as const, value: start === undefined || end === undefined ? '' : source.slice(start, end), position: node.position };
    }
    (parent.children as unknown[]).splice(index, 1, replacement);
    return [SKIP, index + 1];
  });
};

export default remarkResolveReferences;
