// The source site prints , ; : ( ) half-width where the book uses full width. A mark is widened
// when the character before or after it is Chinese, so that `10:30`, `4~5层` and Latin text stay
// as found. A parenthesis follows its partner: `条例(2019)` becomes `条例（2019）`, not `条例（2019)`.
import { CJK } from '../markdown/cjk-line-break.ts';

const FULL_WIDTH: Record<string, string> = { ',': '，', ';': '；', ':': '：', '(': '（', ')': '）' };
const OPENING = new Set(['(', '（']);
const CLOSING = new Set([')', '）']);

export interface Widened {
  /** Offset of the mark in the text (UTF-16 units, as JavaScript counts). */
  offset: number;
  /** The half-width mark that was replaced. */
  mark: string;
}

/** The character (code point) that ends just before `offset`, or '' at the start. */
function charBefore(text: string, offset: number): string {
  if (offset <= 0) return '';
  const low = text.charCodeAt(offset - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && offset >= 2 ? offset - 2 : offset - 1;
  return text.slice(start, offset);
}

function charAfter(text: string, offset: number): string {
  const code = text.codePointAt(offset);
  return code === undefined ? '' : String.fromCodePoint(code);
}

/** Replaces the half-width marks that stand next to Chinese text. The text keeps its length. */
export function widenPunctuation(text: string): { text: string; widened: Widened[] } {
  const widen = new Set<number>();
  for (let i = 0; i < text.length; i++) {
    if (FULL_WIDTH[text[i]!] && (CJK.test(charBefore(text, i)) || CJK.test(charAfter(text, i + 1)))) widen.add(i);
  }
  // Matched parentheses, of either width: when one side is (or becomes) full width, so does the other.
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (OPENING.has(text[i]!)) open.push(i);
    else if (CLOSING.has(text[i]!) && open.length > 0) {
      const o = open.pop()!;
      const full = (at: number) => text[at] === '（' || text[at] === '）' || widen.has(at);
      if (full(o) || full(i)) {
        if (text[o] === '(') widen.add(o);
        if (text[i] === ')') widen.add(i);
      }
    }
  }
  if (widen.size === 0) return { text, widened: [] };
  const offsets = [...widen].sort((a, b) => a - b);
  const chars = text.split('');
  for (const at of offsets) chars[at] = FULL_WIDTH[text[at]!]!;
  return { text: chars.join(''), widened: offsets.map((offset) => ({ offset, mark: text[offset]! })) };
}
