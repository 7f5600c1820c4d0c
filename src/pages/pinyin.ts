// Pinyin order (音序) for the subject index and the glossary, with the initial letter of each term.
// ICU's pinyin collation places a boundary mark U+FDD0 + letter right before the first Han
// character read with that letter (the marks its alphabetic index uses), so comparing a character
// with these marks gives its pinyin initial without a pinyin dictionary.
const collator = new Intl.Collator('zh-u-co-pinyin');
/** Pinyin syllables start with these letters (none with I, U or V). */
const LETTERS = [...'ABCDEFGHJKLMNOPQRSTWXYZ'];
const BOUNDARIES = LETTERS.map((letter) => `\ufdd0${letter}`);
/** The group of terms that start with neither a Han character nor a Latin letter (digits, symbols). */
export const OTHER_GROUP = '#';

/** The term as it sorts: leading quotes and brackets (“ 《 【 …) do not count. */
export function sortKey(term: string): string {
  return term.replace(/^[^\p{L}\p{N}]+/u, '');
}

// Indexes repeat the same few thousand first characters: each is placed among the marks once.
const initials = new Map<string, string>();

/** A, B, … Z by the first character's pinyin (or the Latin letter itself), else "#". */
export function pinyinInitial(term: string): string {
  const first = sortKey(term).charAt(0);
  let letter = initials.get(first);
  if (letter === undefined) {
    letter = initialOf(first);
    initials.set(first, letter);
  }
  return letter;
}

function initialOf(first: string): string {
  if (/[A-Za-z]/.test(first)) return first.toUpperCase();
  if (!/\p{Script=Han}/u.test(first)) return OTHER_GROUP;
  let letter = LETTERS[0]!;
  BOUNDARIES.forEach((boundary, i) => {
    if (collator.compare(first, boundary) >= 0) letter = LETTERS[i]!;
  });
  return letter;
}

export function comparePinyin(a: string, b: string): number {
  return collator.compare(sortKey(a), sortKey(b)) || collator.compare(a, b);
}

/** Items grouped by initial letter, groups A–Z then "#", items in pinyin order within each. */
export function groupByInitial<T>(items: T[], label: (item: T) => string, tieBreak: (a: T, b: T) => number = () => 0) {
  // The collator is slow and indexes repeat their labels (the same entry title in many chapters):
  // each distinct label is placed once, and the items are sorted by that place, which orders them
  // exactly as comparing their labels would.
  const labels = items.map(label);
  const distinct = [...new Set(labels)].map((text) => ({ text, key: sortKey(text) }));
  const compare = (a: { text: string; key: string }, b: { text: string; key: string }) => collator.compare(a.key, b.key) || collator.compare(a.text, b.text);
  distinct.sort(compare);
  const place = new Map<string, number>();
  distinct.forEach((d, i) => place.set(d.text, i > 0 && compare(distinct[i - 1]!, d) === 0 ? place.get(distinct[i - 1]!.text)! : i));
  const keyed = items.map((item, i) => ({ item, label: labels[i]!, place: place.get(labels[i]!)! }));
  keyed.sort((a, b) => a.place - b.place || tieBreak(a.item, b.item));
  const groups = new Map<string, T[]>();
  for (const { item, label: text } of keyed) {
    const letter = pinyinInitial(text);
    const group = groups.get(letter);
    if (group) group.push(item);
    else groups.set(letter, [item]);
  }
  const order = (letter: string) => (letter === OTHER_GROUP ? '\uffff' : letter);
  return [...groups.entries()]
    .sort(([a], [b]) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0))
    .map(([letter, groupItems]) => ({ letter, id: letter === OTHER_GROUP ? 'letter-other' : `letter-${letter}`, items: groupItems }));
}
