// The text the search index is given (split into words here) and the excerpts read back from it in
// the browser (templates/assets/search-excerpt.js, a plain script, loaded here as it is).
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

describe('text for the search index', () => {
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
