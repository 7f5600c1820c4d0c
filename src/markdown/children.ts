// The trees our remark plugins change are walked by plain loops: unist-util-visit makes two closures
// and a list of ancestors for every node it passes, and five passes over each chapter's tree came
// to some 360 MB of garbage over a 4,000-chapter build (sampling heap profile).
import type { Node, Parent } from 'unist';

/** Whether the node holds other nodes (as unist-util-visit tells: a `children` field that is set). */
export function hasChildren(node: Node): node is Parent {
  return 'children' in node && Boolean(node.children);
}

/** Calls `fn` on the node and every node inside it, depth first, in document order. */
export function eachNode(node: Node, fn: (node: Node) => void): void {
  fn(node);
  if (hasChildren(node)) for (const child of node.children) eachNode(child, fn);
}
