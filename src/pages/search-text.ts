// The text of a search record as the index is given it: already split into words.
//
// Pagefind splits Chinese into words itself when a record's language is Chinese, with its own
// dictionary: that was about 70 % of its time on 4,000 chapters, and gave other words than the
// browser gives the reader's query (基层|党组|织 against 基层|党|组织), which Pagefind splits with
// Intl.Segmenter (ICU's dictionary segmentation) on a page in Chinese. Node's Intl.Segmenter is
// ICU too, so splitting the text here gives the index the query's words (ICU versions aside), and
// Pagefind indexes it as text of no language ('und'), which it splits at white space only.
//
// Pagefind's excerpts rejoin the words with one space, so a space in an excerpt must tell whether it
// was put in here (shown as nothing) or was white space in the text (shown as a space). Between two
// characters that white-space splitting handles by itself (letters, digits, ASCII punctuation)
// nothing is put in and white space stays as it is. Elsewhere (next to a Chinese character or
// punctuation) a word boundary gets a space, and white space in the text becomes the KEPT_SPACE
// mark as a word of its own. templates/assets/search-excerpt.js reads excerpts back accordingly.

/** The index's language: none, so that Pagefind splits words at white space only. */
export const INDEX_LANGUAGE = 'und';

/**
 * Stands for white space of the text next to a Chinese character. A noncharacter (U+FDD0), which
 * Unicode keeps for a program's own use: text never has it (one that did would lose it from excerpts).
 */
export const KEPT_SPACE = '\uFDD0';

/** What the index was given, for the bundle's cache key: Node's ICU decides the words. */
export const INDEX_TEXT_FORMAT = `words: Intl.Segmenter, ICU ${process.versions.icu ?? 'none'}, kept space U+FDD0`;

/** Characters that splitting at white space handles: letters and digits of alphabets, marks, ASCII. */
const SPLITS_ITSELF = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Nd}\p{M}\x21-\x7E]/u;
// White space as Pagefind's script splits excerpts at (U+FEFF is not).
const WHITE_SPACE = /[^\S\uFEFF]/u;
const WHITE_SPACE_ONLY = /^[^\S\uFEFF]+$/u;
const WHITE_SPACE_RUN = /([^\S\uFEFF]+)/u;

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** White space as WHITE_SPACE matches it (JavaScript's \s but U+FEFF), by UTF-16 code unit. */
function isWhiteSpace(c: number): boolean {
  return c <= 0x20
    ? c === 0x20 || (c >= 0x09 && c <= 0x0d)
    : c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

// Whether a character (by code point) needs a space put in to be a word apart from its
// neighbour: worked out once per character, as the text repeats the same few thousand. A Chinese
// character, most of them, needs one and is told at once.
const needsSpaceOf = new Map<number, boolean>();

function needsSpace(code: number): boolean {
  if (code >= 0x4e00 && code <= 0x9fff) return true;
  let needs = needsSpaceOf.get(code);
  if (needs === undefined) {
    const char = String.fromCodePoint(code);
    needs = !SPLITS_ITSELF.test(char) && !WHITE_SPACE.test(char);
    needsSpaceOf.set(code, needs);
  }
  return needs;
}

/** needsSpace of a segment's last character (a surrogate pair counts as one). */
function lastNeedsSpace(segment: string): boolean {
  const n = segment.length;
  const code = segment.charCodeAt(n - 1);
  if (code >= 0xdc00 && code <= 0xdfff && n >= 2) {
    const before = segment.charCodeAt(n - 2);
    if (before >= 0xd800 && before <= 0xdbff) return needsSpace(((before - 0xd800) << 10) + (code - 0xdc00) + 0x10000);
    // A low surrogate alone after another character: the two are looked at together, as before.
    return needsSpace(before) && needsSpace(code);
  }
  return needsSpace(code);
}

/** Of a segment's code units: none white space (0), all (1), or some (2). */
function whiteSpaceIn(segment: string): 0 | 1 | 2 {
  let white = 0;
  for (let i = 0; i < segment.length; i++) if (isWhiteSpace(segment.charCodeAt(i))) white++;
  return white === 0 ? 0 : white === segment.length ? 1 : 2;
}

/** The text split into words for the index (see the head of this file). */
export function indexText(text: string): string {
  const out: string[] = [];
  // Whether a word was written, whether its last character needs a space to stand apart, and
  // whether white space of the text comes before the next word.
  let written = false;
  let lastNeeds = false;
  let space = false;
  const word = (segment: string) => {
    if (written) {
      const apart = lastNeeds || needsSpace(segment.codePointAt(0)!);
      if (space) out.push(apart ? ` ${KEPT_SPACE} ` : ' ');
      else if (apart) out.push(' ');
    }
    out.push(segment);
    space = false;
    written = true;
    lastNeeds = lastNeedsSpace(segment);
  };
  for (const { segment } of segmenter.segment(text.replaceAll(KEPT_SPACE, ''))) {
    const white = whiteSpaceIn(segment);
    if (white === 0) word(segment);
    else if (white === 1) space = true;
    else {
      // White space with a mark or format character after it (such as U+FEFF) is one segment.
      for (const part of segment.split(WHITE_SPACE_RUN)) {
        if (WHITE_SPACE_ONLY.test(part)) space = true;
        else if (part !== '') word(part);
      }
    }
  }
  return out.join('');
}
