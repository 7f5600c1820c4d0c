// Limits on Markdown nesting. The parser's time grows faster than the text when lists, quotes or
// emphasis nest hundreds deep, and thousands of levels overflow the call stack. No yearbook nests
// more than a few levels, so such a text is reported at its line instead of hanging the build.
import type { Position } from '../diagnostics.ts';

/** Lists and quotes inside one another. */
export const MAX_BLOCK_NESTING = 32;
/** Emphasis markers (* and _) and link brackets in one paragraph (lines up to a blank line). */
export const MAX_INLINE_MARKERS = 256;

/** Markers of lists and quotes at the start of a line: ">", "-", "*", "+", "1." or "1)". */
const CONTAINER_PREFIX = /^(?:[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)))*/;
/** A line of three or more -, * or _ alone: a rule between sections, not nesting. */
const THEMATIC_BREAK = /^[ \t]*([*_-])(?:[ \t]*\1){2,}[ \t]*$/;

export interface NestingProblem extends Position {
  message: string;
}

/** Finds the first line of `markdown` that nests too deep; lines count from `firstLine`. */
export function checkNesting(markdown: string, firstLine: number): NestingProblem | null {
  const lines = markdown.split('\n');
  let paragraphStart = -1;
  let inline = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^[ \t]*$/.test(line) || THEMATIC_BREAK.test(line)) {
      paragraphStart = -1;
      inline = 0;
      continue;
    }
    if (paragraphStart === -1) paragraphStart = i;
    const prefix = CONTAINER_PREFIX.exec(line)![0];
    const markers = prefix.match(/>|[-*+]|\d{1,9}[.)]/g)?.length ?? 0;
    // Each level of a list indented under another takes at least two columns of indent.
    const columns = (prefix + /^[ \t]*/.exec(line.slice(prefix.length))![0]).replace(/\t/g, '    ').length;
    const depth = markers === 0 ? 0 : Math.max(markers, Math.floor(columns / 2));
    if (depth > MAX_BLOCK_NESTING) {
      return {
        line: firstLine + i,
        column: 1,
        message: `列表或引用嵌套太深，约 ${depth} 层，最多 ${MAX_BLOCK_NESTING} 层 (lists or quotes nested too deep: about ${depth} levels, at most ${MAX_BLOCK_NESTING})`,
      };
    }
    inline += line.match(/[*_[\]]/g)?.length ?? 0;
    if (inline > MAX_INLINE_MARKERS) {
      return {
        line: firstLine + paragraphStart,
        column: 1,
        message: `这一段的 * _ [ ] 标记太多，超过 ${MAX_INLINE_MARKERS} 个 (too many emphasis or link markers * _ [ ] in one paragraph: more than ${MAX_INLINE_MARKERS})`,
      };
    }
  }
  return null;
}
