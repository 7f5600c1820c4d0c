// The text the search index is given (split into words here) and the excerpts read back from it in
// the browser (templates/assets/search-excerpt.js, a plain script, loaded here as it is).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INDEX_LANGUAGE, indexText, KEPT_SPACE } from '../../src/pages/search-text.ts';
import { seeded } from '../support/random-markup.ts';

interface Piece {
  marked: boolean;
  text: string;
}
const { excerptPieces } = (await import(pathToFileURL('templates/assets/search-excerpt.js').href)) as { excerptPieces: (pieces: Piece[]) => Piece[] };

/** Pagefind's words: the text split at white space, as its script splits excerpts. */
const words = (text: string) => text.split(/[^\S\uFEFF]+/).filter(Boolean);
/** An excerpt of words as Pagefind makes it: joined with one space, the marked ones in marks. */
function excerpt(of: string[], marked: (i: number) => boolean = () => false): Piece[] {
  const pieces: Piece[] = [];
  of.forEach((word, i) => {
    const space = i > 0 ? ' ' : '';
    if (marked(i)) pieces.push({ marked: false, text: space }, { marked: true, text: word });
    else if (pieces.at(-1)?.marked === false) pieces.at(-1)!.text += space + word;
    else pieces.push({ marked: false, text: space + word });
  });
  return pieces;
}
const read = (pieces: Piece[]) => excerptPieces(pieces).map((p) => p.text).join('');
/** The text as an excerpt can show it: white space as one space, none at the ends. */
const shown = (text: string) => text.replaceAll(KEPT_SPACE, '').replace(/[^\S\uFEFF]+/g, ' ').replace(/^ | $/g, '');

// indexText as it was written first, with a regular expression for every test: the faster one
// must split every text exactly as this does.
function referenceIndexText(text: string): string {
  const SPLITS_ITSELF = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Nd}\p{M}\x21-\x7E]/u;
  const WHITE_SPACE = /[^\S\uFEFF]/u;
  const WHITE_SPACE_ONLY = /^[^\S\uFEFF]+$/u;
  const WHITE_SPACE_RUN = /([^\S\uFEFF]+)/u;
  const needsSpace = (char: string) => !SPLITS_ITSELF.test(char) && !WHITE_SPACE.test(char);
  const lastChar = (segment: string) => {
    const code = segment.codePointAt(segment.length - 1)!;
    return code >= 0xdc00 && code <= 0xdfff && segment.length >= 2 ? segment.slice(-2) : segment.slice(-1);
  };
  const out: string[] = [];
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
  for (const { segment } of new Intl.Segmenter('zh', { granularity: 'word' }).segment(text.replaceAll(KEPT_SPACE, ''))) {
    if (!WHITE_SPACE.test(segment)) word(segment);
    else if (WHITE_SPACE_ONLY.test(segment)) space = true;
    else for (const part of segment.split(WHITE_SPACE_RUN)) {
      if (WHITE_SPACE_ONLY.test(part)) space = true;
      else if (part !== '') word(part);
    }
  }
  return out.join('');
}

describe('text for the search index', () => {
  it('splits 5,000 random texts, and the real chapter, exactly as the first, plainer version did', () => {
    const pool = [...'人才工作组织党员发展镇区，。、；：？！“”‘’（）《》【】—…·０１２ａＡ㐀鿿', 'ab', 'Z', '7', '3.5', '%', '-', '.', '"', "'", '(', ')',
      ' ', '  ', '\n', '\t', '\r\n', '\v', '\f', '\u3000', '\u00a0', '\u1680', '\u2003', '\u2028', '\u202f', '\u205f', '\u0301', '\u200b', '\ufe00', '\ufeff', KEPT_SPACE,
      'é', 'αβ', 'жи', 'カナ', 'ひら', '한글', '𠮷', '𫟼', '😀', '\ud800', '\udc00', 'a\udc00', '1500万元', 'e.g.', '\u0085', '\u180e'];
    const random = seeded(21);
    for (let n = 0; n < 5000; n++) {
      let text = '';
      for (let i = Math.floor(random() * 40); i > 0; i--) text += pool[Math.floor(random() * pool.length)]!;
      expect(indexText(text), JSON.stringify(text)).toBe(referenceIndexText(text));
    }
    const chapter = readFileSync('content/2020/zuzhi-gongzuo.md', 'utf8');
    expect(indexText(chapter)).toBe(referenceIndexText(chapter));
  });

  it('splits Chinese into words, and leaves what white space splits alone', () => {
    expect(indexText('人才工作')).toBe('人才 工作');
    expect(indexText('GDP growth 3.5%')).toBe('GDP growth 3.5%');
    expect(indexText('新建基层党组织15个，整顿')).toBe(words(indexText('新建基层党组织15个，整顿')).join(' '));
    expect(words(indexText('新建基层党组织15个，整顿'))).toEqual(expect.arrayContaining(['15', '个', '，']));
  });

  it('marks white space next to a Chinese character as kept, and drops the mark from the text itself', () => {
    expect(indexText('概况\n2019年')).toBe(`概况 ${KEPT_SPACE} 2019 年`);
    expect(indexText('2019 年')).toBe(`2019 ${KEPT_SPACE} 年`);
    expect(indexText(' 人才 \n')).toBe('人才');
    expect(indexText(`人${KEPT_SPACE}才`)).toBe(indexText('人才'));
  });

  it('is indexed as text of no language', () => {
    expect(INDEX_LANGUAGE).toBe('und');
  });
});

describe('excerpts read back', () => {
  it('show a text as it is, its white space as one space', () => {
    const text = '人才工作概况\n2019年，修订“市直单位”考核办法（试行）。GDP growth 达到 3.5%，2019 年 12月';
    expect(read(excerpt(words(indexText(text))))).toBe(shown(text));
  });

  it('keep the marks on the words Pagefind marked', () => {
    const all = words(indexText('发展党员120名，“不忘初心”'));
    const pieces = excerptPieces(excerpt(all, (i) => all[i] === '党员' || all[i] === '初心'));
    expect(pieces.filter((p) => p.marked).map((p) => p.text)).toEqual(['党员', '初心']);
    expect(pieces.map((p) => p.text).join('')).toBe('发展党员120名，“不忘初心”');
  });

  it('read 3,000 random texts back exactly, whole, in pieces and marked, and any run of their words as a part of them', () => {
    const pool = [...'人才工作组织党员发展镇区，。、；：？！“”‘’（）《》【】—…·０１２ａＡ', 'ab', 'Z', '7', '3.5', '%', '-', '.', '"', "'", '(', ')',
      ' ', '  ', '\n', '\t', '\u3000', '\u00a0', '\u0301', '\ufe00', '\ufeff', KEPT_SPACE, 'é', 'αβ', 'жи', 'カナ', 'ひら', '한글', '𠮷', '𫟼', '😀', '1500万元', 'e.g.'];
    const random = seeded(8);
    const pick = () => pool[Math.floor(random() * pool.length)]!;
    for (let n = 0; n < 3000; n++) {
      let text = '';
      for (let i = Math.floor(random() * 40); i > 0; i--) text += pick();
      const all = words(indexText(text));
      expect(read(excerpt(all)), JSON.stringify(text)).toBe(shown(text));
      const marked = read(excerpt(all, () => random() < 0.3));
      expect(marked, JSON.stringify(text)).toBe(shown(text));
      const from = Math.floor(random() * (all.length + 1));
      const to = from + Math.floor(random() * (all.length - from + 1));
      const part = read(excerpt(all.slice(from, to)));
      expect(shown(text).includes(part), JSON.stringify([text, part])).toBe(true);
      expect(part).toBe(part.replace(/^ | $/g, ''));
    }
  });
});
