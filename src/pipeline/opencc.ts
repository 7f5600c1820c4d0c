// Simplified → Hong Kong Traditional by OpenCC's own tables (opencc-js's s2hk configuration), with
// a faster driver than opencc-js's. The result is the same, character for character (the tests
// compare the two on the tables' every phrase and on whole chapters); only the work differs:
//
// - opencc-js cuts the text into segments (the longest phrase of its phrase table at each place,
//   and the runs between), then runs every segment through each table of the chain in turn, each
//   step making a match object, an array and a joined string. A segment's conversion depends on
//   the segment alone: a phrase's is kept on its node of the phrase table, a short run's (a name)
//   in a map, so each is converted once.
// - The tables are searched in place, without a match object per character, and a character that
//   starts no phrase of a table (most of them, for every table but the phrases) is stepped over
//   by one look in an array of flags.
// - A run between phrases goes through the chain's first table as its characters alone: no phrase
//   can start there (runDictionaries).
// - The tables grow one first character at a time, when a text first needs it: making them only
//   cuts the dictionaries into phrases (about 20 ms instead of some 150 ms for the whole tries). A
//   rebuild that converts a dozen pages grows a small part of them, and a build of the 4,000
//   chapters of the bench's corpus grew 21 MB of the 37 MB the whole tables held in the sixteenth
//   round (in each of the two threads that convert pages: the writer's and, while the writer is
//   behind, the build's); whole, they now take 31 MB, with the smaller arrays of FIRST_LIMIT.
//
// On the 2.6 million characters of a 4,000-chapter corpus: 169–204 ms instead of 320–379 ms. The
// flags and the phrases kept on their nodes took converting that corpus's 8,084 built pages to
// Traditional (traditionalHtml, one process, medians of 7 passes) from 1.36–1.37 s to 1.07–1.08 s.
import { configs } from 'opencc-js/preset/cn2t';
import type { DictGroup, DictLike } from 'opencc-js/core';

/**
 * Code points below this (the Basic Multilingual Plane) are found by index; the few beyond (CJK
 * Extension B and on, rare in the text and in the tables) in the trie's map, grown when the table is
 * made. An array up to the end of Extension B took 1.5 MB a table, four tables in each of the two
 * threads that convert, against 0.5 MB now.
 */
const FIRST_LIMIT = 0x10000;

/** Dictionaries a group may have: an entry is its place in its dictionary times this, plus which dictionary. */
const DICTIONARIES = 8;

function entry(dictionary: number, at: number): number {
  if (dictionary >= DICTIONARIES) throw new RangeError(`OpenCC: more than ${DICTIONARIES} dictionaries in a group`);
  return at * DICTIONARIES + dictionary;
}

/** A node of a table's trie: the characters that may follow, and the replacement of the phrase ending here. */
class Node {
  next: Map<number, Node> | null = null;
  value: string | undefined = undefined;
  /** In the segmentation table: the phrase ending here, converted by the whole chain (on first use). */
  converted: string | undefined = undefined;
}

/**
 * One OpenCC table (a group of dictionaries), as opencc-js's Trie builds it. The trie is grown one
 * first character at a time, when a text first holds that character: the group is only cut into
 * its phrases when the table is made. Building all of it took some 150 ms (two tables of 49,000
 * phrases each), which a rebuild converting a dozen pages paid in full.
 */
export class Table {
  readonly root = new Node();
  /** The root's children by code point up to FIRST_LIMIT (a flat array is several times faster than the map). */
  private readonly first: (Node | undefined)[] = new Array<Node | undefined>(FIRST_LIMIT).fill(undefined);

  /**
   * 1 for a code unit that is a whole character no phrase of the table starts with: it is copied
   * as it is, without looking it up. 0 for the others, and for what needs more than one code unit
   * (a surrogate) or steps over more than one character (an ideographic description character).
   */
  readonly passes = new Uint8Array(0x10000).fill(1);

  /** The phrases of each first character not in the trie yet: where each starts in its dictionary (`entry`). */
  private readonly pending = new Map<number, number[]>();
  private readonly dictionaries: string[];

  /** The group's dictionaries, the first one winning where two hold the same phrase (added last). */
  constructor(group: DictGroup) {
    this.dictionaries = [...group].reverse().map((dict) => {
      // opencc-js's presets give every dictionary as text.
      if (typeof dict !== 'string') throw new TypeError('OpenCC: a dictionary given as pairs, not as text');
      return dict;
    });
    this.dictionaries.forEach((dict, d) => this.cut(dict, d));
    for (const code of this.pending.keys()) {
      if (code <= 0xffff) this.passes[code] = 0;
      // Few phrases start beyond the array: those are added now.
      else if (code >= FIRST_LIMIT) this.grow(code);
    }
    this.passes.fill(0, 0xd800, 0xe000);
    this.passes.fill(0, 0x2ff0, 0x3000);
  }

  /** Notes where each phrase of a dictionary (`phrase replacement|…`) starts, by its first character. */
  private cut(dict: string, d: number): void {
    for (let at = 0; at <= dict.length; ) {
      let end = dict.indexOf('|', at);
      if (end === -1) end = dict.length;
      const space = dict.indexOf(' ', at);
      if (space === -1 || space > end) throw new TypeError(`OpenCC: bad dictionary entry "${dict.slice(at, end)}"`);
      // An empty phrase matches nowhere (the trie's root): nothing to add.
      if (space > at) {
        const code = dict.codePointAt(at)!;
        const list = this.pending.get(code);
        if (list === undefined) this.pending.set(code, [entry(d, at)]);
        else list.push(entry(d, at));
      }
      at = end + 1;
    }
  }

  /** Adds every phrase to the trie now. */
  growAll(): void {
    for (const code of [...this.pending.keys()]) this.grow(code);
  }

  /** Adds the phrases starting with this character to the trie, in the order the dictionaries give them. */
  private grow(code: number): Node | undefined {
    const list = this.pending.get(code);
    if (list === undefined) return undefined;
    this.pending.delete(code);
    for (const at of list) {
      const dict = this.dictionaries[at % DICTIONARIES]!;
      const start = Math.floor(at / DICTIONARIES);
      const space = dict.indexOf(' ', start);
      let end = dict.indexOf('|', space);
      if (end === -1) end = dict.length;
      const next = dict.indexOf(' ', space + 1);
      this.add(dict.slice(start, space), dict.slice(space + 1, next === -1 || next > end ? end : next));
    }
    const node = this.root.next!.get(code)!;
    if (code < FIRST_LIMIT) this.first[code] = node;
    return node;
  }

  private add(phrase: string, replacement: string): void {
    let node = this.root;
    for (const character of phrase) {
      const code = character.codePointAt(0)!;
      node.next ??= new Map();
      let child = node.next.get(code);
      if (child === undefined) node.next.set(code, (child = new Node()));
      node = child;
    }
    node.value = replacement;
  }

  /** The replacement of the phrase the last match() found (kept here: no object per match), and its node. */
  found: string = '';
  foundNode: Node = this.root;

  /** The end of the longest phrase of the table starting at `start`, 0 when none does. */
  match(text: string, start: number): number {
    const code = text.codePointAt(start)!;
    let node = code < FIRST_LIMIT ? (this.first[code] ?? this.grow(code)) : this.root.next?.get(code);
    if (node === undefined) return 0;
    let at = start + (code > 0xffff ? 2 : 1);
    let end = 0;
    if (node.value !== undefined) {
      end = at;
      this.found = node.value;
      this.foundNode = node;
    }
    while (at < text.length && node.next !== null) {
      const code = text.codePointAt(at)!;
      at += code > 0xffff ? 2 : 1;
      const child: Node | undefined = node.next.get(code);
      if (child === undefined) break;
      node = child;
      if (node.value !== undefined) {
        end = at;
        this.found = node.value;
        this.foundNode = node;
      }
    }
    return end;
  }

  /** The text with each longest phrase replaced, left to right (opencc-js's Trie.convert). */
  convert(text: string): string {
    let out = '';
    // Start of the run of characters no phrase matched, copied as they are.
    let copyFrom = 0;
    const { passes } = this;
    for (let at = 0; at < text.length; ) {
      if (passes[text.charCodeAt(at)] === 1) {
        at++;
        continue;
      }
      const end = this.match(text, at);
      if (end > 0) {
        if (at > copyFrom) out += text.slice(copyFrom, at);
        out += this.found;
        at = copyFrom = end;
      } else {
        at += unmatchedLength(text, at);
      }
    }
    return copyFrom === 0 ? text : copyFrom < text.length ? out + text.slice(copyFrom) : out;
  }
}

// An ideographic description sequence (⿰氵青) is stepped over whole, as opencc-js does.
function descriptionArity(code: number): number {
  if (code === 0x2ff2 || code === 0x2ff3) return 3;
  return code >= 0x2ff0 && code <= 0x2fff ? 2 : 0;
}

function codeLength(text: string, at: number): number {
  return text.codePointAt(at)! > 0xffff ? 2 : 1;
}

function descriptionEnd(text: string, at: number): number {
  const arity = descriptionArity(text.codePointAt(at)!);
  if (arity === 0) return 0;
  let end = at + codeLength(text, at);
  for (let n = 0; n < arity; n++) {
    if (end >= text.length) return 0;
    end = descriptionEnd(text, end) || end + codeLength(text, end);
  }
  return end;
}

function unmatchedLength(text: string, at: number): number {
  const end = descriptionEnd(text, at);
  return end > at ? end - at : codeLength(text, at);
}

/**
 * The dictionaries that convert a run between phrases as the chain's first table would, or null when
 * that table must run whole. In opencc-js's configurations the first table of the chain is the
 * segmentation's dictionaries (phrases of two characters or more) followed by single characters
 * (s2hk: STPhrases and TWPhrases, then STCharacters). No phrase of the segmentation's dictionaries
 * starts anywhere in a run (it would have been a segment), nor in the run alone, which only ends
 * sooner; so there the first table matches one character at a time from its other dictionaries,
 * which a table of those alone does without walking the phrases' trie at every character: converting
 * the 8,000 chapter and data pages of the bench's corpus took 250 ms instead of 338 ms (medians of 7
 * passes). Any other arrangement (dictionaries in another order, or a phrase among the characters)
 * keeps the whole table.
 */
export function runDictionaries(segmentation: DictGroup, first: DictGroup | undefined): DictGroup | null {
  if (!first || first.length <= segmentation.length || !segmentation.every((dict, i) => dict === first[i])) return null;
  const rest = first.slice(segmentation.length);
  return rest.every((dict) => typeof dict === 'string' && singleCharacters(dict)) ? rest : null;
}

/** Whether every phrase of a dictionary (`phrase replacement|…`) is one character. */
function singleCharacters(dict: string): boolean {
  for (let at = 0; at < dict.length; ) {
    let end = dict.indexOf('|', at);
    if (end === -1) end = dict.length;
    const space = dict.indexOf(' ', at);
    const length = (space === -1 || space > end ? end : space) - at;
    if (length > 0 && length !== (dict.codePointAt(at)! > 0xffff ? 2 : 1)) return false;
    at = end + 1;
  }
  return true;
}

/** Runs up to this length are remembered: names recur, longer runs hardly do. */
const REMEMBERED = 8;

/**
 * A converter by one of opencc-js's cn2t configurations (normalize, segment, convert by a chain).
 * Its tables grow as texts need them, unless `whole` (built at once: the tests compare the two).
 */
export function openccConverter(name: string, options: { whole?: boolean } = {}): (text: string) => string {
  const config = configs[name] as { normalizationChain?: DictGroup[]; segmentation: DictLike | DictGroup; conversionChain: DictGroup[] } | undefined;
  if (!config) throw new Error(`OpenCC: no configuration ${name}`);
  const normalization = (config.normalizationChain ?? []).map((group) => new Table(group));
  // A list of dictionaries, or one dictionary (as text or as pairs).
  const { segmentation: dictionaries } = config;
  const isGroup = Array.isArray(dictionaries) && dictionaries.every((d) => typeof d === 'string');
  const segmentationGroup = isGroup ? (dictionaries as DictGroup) : [dictionaries as DictLike];
  const segmentation = new Table(segmentationGroup);
  const chain = config.conversionChain.map((group) => new Table(group));
  // What a run between phrases goes through: the chain, or the chain with its first table's
  // characters alone in place of that table (see runDictionaries).
  const characters = runDictionaries(segmentationGroup, config.conversionChain[0]);
  const runChain = characters ? [new Table(characters), ...chain.slice(1)] : chain;
  const remembered = new Map<string, string>();
  if (options.whole) for (const table of new Set([...normalization, segmentation, ...chain, ...runChain])) table.growAll();

  const convertBy = (tables: readonly Table[], text: string): string => {
    let result = text;
    for (const table of tables) result = table.convert(result);
    return result;
  };
  const convertByChain = (segment: string): string => convertBy(chain, segment);
  /** A run between phrases: converted by the chain, and remembered when short. */
  const convertRun = (run: string): string => {
    if (run.length > REMEMBERED) return convertBy(runChain, run);
    let result = remembered.get(run);
    if (result === undefined) remembered.set(run, (result = convertBy(runChain, run)));
    return result;
  };

  return (input: string): string => {
    let text = input;
    for (const table of normalization) text = table.convert(text);
    // Segments: each longest phrase of the segmentation table, and the runs between them.
    let out = '';
    let runFrom = -1;
    const { passes } = segmentation;
    for (let at = 0; at < text.length; ) {
      if (passes[text.charCodeAt(at)] === 1) {
        if (runFrom === -1) runFrom = at;
        at++;
        continue;
      }
      const end = segmentation.match(text, at);
      if (end > 0) {
        if (runFrom !== -1) {
          out += convertRun(text.slice(runFrom, at));
          runFrom = -1;
        }
        // A phrase's conversion depends on the phrase alone: kept with its node of the table.
        const node = segmentation.foundNode;
        out += node.converted ??= convertByChain(text.slice(at, end));
        at = end;
      } else {
        if (runFrom === -1) runFrom = at;
        at += unmatchedLength(text, at);
      }
    }
    if (runFrom !== -1) out += convertRun(text.slice(runFrom));
    return out;
  };
}
