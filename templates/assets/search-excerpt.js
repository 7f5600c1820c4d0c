// The text of a search excerpt as the page has it. The index is given its text split into words
// (src/pages/search-text.ts), and Pagefind's excerpts join words with one space. A space next to a
// Chinese character or punctuation was put in to split words, and is shown as nothing; U+FDD0 stands
// for white space the text has there, and is shown as one space. Elsewhere (between letters,
// digits or ASCII punctuation) a space is the text's own. Loaded by site.js with the search.

const KEPT_SPACE = '\uFDD0';
/** Characters that splitting at white space handles (the same as in search-text.ts). */
const SPLITS_ITSELF = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Nd}\p{M}\x21-\x7E]/u;
const WHITE_SPACE = /[^\S\uFEFF]/u;

function needsSpace(char) {
  return !SPLITS_ITSELF.test(char) && !WHITE_SPACE.test(char);
}

/**
 * Pieces of an excerpt ({ marked, text }, marked for Pagefind's <mark>) with their spaces read
 * back: the same pieces, each with its text as the page has it.
 */
export function excerptPieces(pieces) {
  const chars = pieces.flatMap((piece, at) => Array.from(piece.text, (char) => ({ char, at })));
  const texts = pieces.map(() => '');
  let i = 0;
  while (i < chars.length) {
    const { char, at } = chars[i];
    if (char !== KEPT_SPACE && !WHITE_SPACE.test(char)) {
      texts[at] += char;
      i++;
      continue;
    }
    // A run of spaces and marks: one space or none, and none at either end of the excerpt.
    let end = i;
    let kept = false;
    while (end < chars.length && (chars[end].char === KEPT_SPACE || WHITE_SPACE.test(chars[end].char))) {
      kept ||= chars[end].char === KEPT_SPACE;
      end++;
    }
    const before = chars[i - 1]?.char;
    const after = chars[end]?.char;
    if (before !== undefined && after !== undefined && (kept || !(needsSpace(before) || needsSpace(after)))) texts[at] += ' ';
    i = end;
  }
  return pieces.map((piece, at) => ({ marked: piece.marked, text: texts[at] }));
}
