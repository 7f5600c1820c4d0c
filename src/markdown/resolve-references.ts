// remark plugin: `[text][id]` with a definition `[id]: https://…` elsewhere in the chapter becomes
// an ordinary link. Entries are turned into HTML fragment by fragment, where the definition would
// no longer be in sight, so references are resolved on the whole tree first. A reference without
// a definition stays the text it was written as (record as found).
import type { Definition, ImageReference, LinkReference, Root } from 'mdast';
import { normalizeIdentifier } from 'micromark-util-normalize-identifier';
import type { Plugin } from 'unified';
import type { Node, Parent } from 'unist';
import type { VFile } from 'vfile';
import { eachNode, hasChildren } from './children.ts';

const remarkResolveReferences: Plugin<[], Root> = () => (tree, file: VFile) => {
  const definitions = new Map<string, Definition>();
  eachNode(tree, (node) => {
    if (node.type !== 'definition') return;
    const id = normalizeIdentifier((node as Definition).identifier);
    if (!definitions.has(id)) definitions.set(id, node as Definition);
  });
  resolve(tree, definitions, String(file.value));
};

/** Replaces each reference among the children, and looks inside the others (not inside a replacement). */
function resolve(parent: Parent, definitions: Map<string, Definition>, source: string): void {
  const { children } = parent;
  for (let index = 0; index < children.length; index++) {
    const node = children[index]!;
    if (node.type !== 'linkReference' && node.type !== 'imageReference') {
      if (hasChildren(node)) resolve(node, definitions, source);
      continue;
    }
    const reference = node as LinkReference | ImageReference;
    const definition = definitions.get(normalizeIdentifier(reference.identifier));
    let replacement: Node;
    if (definition) {
      replacement =
        reference.type === 'linkReference'
          ? { type: 'link', url: definition.url, title: definition.title ?? null, children: reference.children, position: reference.position } as Node
          : { type: 'image', url: definition.url, title: definition.title ?? null, alt: reference.alt ?? null, position: reference.position } as Node;
    } else {
      const start = reference.position?.start.offset;
      const end = reference.position?.end.offset;
      replacement = { type: 'text', value: start === undefined || end === undefined ? '' : source.slice(start, end), position: reference.position } as Node;
    }
    children.splice(index, 1, replacement);
  }
}

export default remarkResolveReferences;
