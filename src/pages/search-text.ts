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

/** Whether a character needs a space put in to be a word apart from its neighbour. */
function needsSpace(char: string): boolean {
  return !SPLITS_ITSELF.test(char) && !WHITE_SPACE.test(char);
}

/** The text split into words for the index (see the head of this file). */
export function indexText(text: string): string {
  const out: string[] = [];
  // The last character written, and whether white space of the text comes before the next word.
  let last = '';
  let space = false;
  const word = (segment: string) => {
    const first = String.fromCodePoint(segment.codePointAt(0)!);
    if (last !== '') {
      const apart = needsSpace(last) || needsSpace(first);
      if (space) out.push(apart ? ` ${KEPT_SPACE} ` : ' ');
      else if (apart) out.push(' ');
    }
    out.push(segment);
    space = false;
    last = lastChar(segment);
  };
  for (const { segment } of segmenter.segment(text.replaceAll(KEPT_SPACE, ''))) {
    if (!WHITE_SPACE.test(segment)) word(segment);
    else if (WHITE_SPACE_ONLY.test(segment)) space = true;
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

function lastChar(segment: string): string {
  const code = segment.codePointAt(segment.length - 1)!;
  return code >= 0xdc00 && code <= 0xdfff && segment.length >= 2 ? segment.slice(-2) : segment.slice(-1);
}
