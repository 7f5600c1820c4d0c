// hast transform: wraps every sentence of the text in <span id="…">, so that a figure can link to
// the sentence it comes from and the page can highlight it (:target). It runs on the fragment's
// tree before sanitizing (the root handler in processor.ts), and our schema keeps ids as they are,
// so the sanitizer's "user-content-" prefix never reaches them.
import type { ElementContent, Root, RootContent, Text } from 'hast';

export interface MarkedSentence {
  id: string;
  /** The sentence as a reader sees it, whitespace around line breaks folded. */
  text: string;
}

/** Elements that hold blocks or whole runs of text; inside them sentences are looked for. */
const BLOCKS = new Set([
  'p', 'li', 'dd', 'dt', 'blockquote', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'ul', 'ol', 'dl', 'div', 'section', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'figure', 'figcaption', 'details', 'summary',
]);

/** A sentence ends with 。！？； (or their half-width forms) and any closing quotes or brackets. */
const SENTENCE_END = /[。！？!?；;][”’」』）)】》]*/gu;

/** Wraps the sentences of `tree` in place; `nextId` names each one. Returns them in reading order. */
export function markSentences(tree: Root, nextId: () => string): MarkedSentence[] {
  const sentences: MarkedSentence[] = [];
  markContainer(tree, nextId, sentences);
  return sentences;
}

type Container = { children: (RootContent | ElementContent)[] };

function markContainer(container: Container, nextId: () => string, sentences: MarkedSentence[]): void {
  const blocks = container.children.filter((c) => c.type === 'element' && BLOCKS.has(c.tagName));
  if (blocks.length > 0) {
    for (const block of blocks) markContainer(block as Container, nextId, sentences);
    return;
  }
  const out: ElementContent[] = [];
  let current: ElementContent[] = [];
  const flush = () => {
    const text = textOf(current).replace(/\s*\n\s*/g, ' ').trim();
    if (text) {
      const id = nextId();
      sentences.push({ id, text });
      out.push({ type: 'element', tagName: 'span', properties: { id }, children: current });
    } else {
      out.push(...current);
    }
    current = [];
  };
  for (const child of container.children as ElementContent[]) {
    if (child.type !== 'text') {
      current.push(child);
      continue;
    }
    let last = 0;
    // exec rather than matchAll, which copies the expression for each text.
    SENTENCE_END.lastIndex = 0;
    for (let end = SENTENCE_END.exec(child.value); end; end = SENTENCE_END.exec(child.value)) {
      const stop = end.index + end[0].length;
      current.push(textNode(child.value.slice(last, stop)));
      flush();
      last = stop;
    }
    if (last < child.value.length) current.push(textNode(child.value.slice(last)));
  }
  flush();
  container.children = out;
}

function textNode(value: string): Text {
  return { type: 'text', value };
}

function textOf(nodes: readonly (RootContent | ElementContent)[]): string {
  const only = nodes.length === 1 ? nodes[0]! : null;
  if (only?.type === 'text') return only.value;
  return nodes.map((n) => (n.type === 'text' ? n.value : n.type === 'element' ? textOf(n.children) : '')).join('');
}
