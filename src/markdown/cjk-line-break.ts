// remark plugin: a soft line break between two Chinese characters is not a space.
// CommonMark keeps the line break, and browsers show it as a space, which Chinese text must not
// have. Between Chinese and Latin text the break stays (a space there is customary), except next
// to full-width punctuation, which carries its own spacing.
import type { Root, Text } from 'mdast';
import type { Plugin } from 'unified';
import type { Node } from 'unist';
import { eachNode, hasChildren } from './children.ts';

/** Han characters, CJK and full-width punctuation, and the quotes and dashes Chinese text uses. */
export const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2014\u2026\u00b7]/u;
/** Full-width punctuation carries its own spacing: no space next to it, even before Latin text. */
const CJK_PUNCTUATION = /[\u3000-\u303f\uff00-\uffef]/u;

function joins(previous: string, next: string): boolean {
  return (CJK.test(previous) && CJK.test(next)) || CJK_PUNCTUATION.test(previous) || CJK_PUNCTUATION.test(next);
}

const remarkCjkLineBreak: Plugin<[], Root> = () => (tree) => {
  joinLines(tree);
};

/** Each paragraph, heading and table cell; what is inside one is not looked at again. */
function joinLines(node: Node): void {
  if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') return joinBlock(node);
  if (hasChildren(node)) for (const child of node.children) joinLines(child);
}

/** The text nodes of one paragraph or heading, in reading order, even across emphasis. */
function joinBlock(block: Node): void {
  const texts: Text[] = [];
  eachNode(block, (node) => {
    if (node.type === 'text') texts.push(node as Text);
  });
  texts.forEach((text, index) => {
    if (!text.value.includes('\n')) return;
    const before = texts[index - 1]?.value.at(-1) ?? '';
    const after = texts[index + 1]?.value.at(0) ?? '';
    text.value = text.value.replace(/[ \t]*\n[ \t]*/g, (match, offset: number, whole: string) => {
      const previous = offset > 0 ? whole[offset - 1]! : before;
      const end = offset + match.length;
      const next = end < whole.length ? whole[end]! : after;
      return joins(previous, next) ? '' : match;
    });
  });
}

export default remarkCjkLineBreak;
