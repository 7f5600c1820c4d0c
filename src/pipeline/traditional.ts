// The two scripts the site is published in: Simplified (the source text) and Traditional characters
// in the Hong Kong variant (繁體, for readers in Hong Kong and Macau), converted at build time by
// OpenCC's phrase tables. Only text a reader sees is converted; addresses, ids and anything marked
// translate="no" stay as they are, so every anchor is the same in both scripts.
import { attributeOf, attributesOf, closesItself, scanHtml, tagId, type TagId } from './html-text.ts';
import { openccConverter } from './opencc.ts';

export interface Script {
  /** BCP 47 tag of the pages, for <html lang>. */
  lang: string;
  /** Folder of the script's pages inside the output, '' or ending in "/". */
  prefix: string;
  /** Language key of the script's search index (Pagefind picks the index by the page's lang, lowercased). */
  searchLanguage: string;
  /** The script's name, written in that script, for the switch between the two. */
  name: string;
  /** og:locale */
  locale: string;
  /** Text in this script. */
  text(simplified: string): string;
  /** A rendered page in this script. */
  html(simplified: string): string;
}

// Made on first use: building OpenCC's tables costs a noticeable part of the tool's start-up (and they
// grow as texts need them: a rebuild converts a dozen pages).
let converter: ((text: string) => string) | null = null;
const toHongKong = (text: string): string => (converter ??= openccConverter('s2hk'))(text);

/**
 * Makes OpenCC's tables now, ahead of the first text to convert. They still grow as texts need them:
 * built whole, they held 37 MB, against 21 MB for what the 4,000 chapters of the bench's corpus need.
 */
export function prepareConversion(): void {
  converter ??= openccConverter('s2hk');
}

export const SIMPLIFIED: Script = {
  lang: 'zh-CN',
  prefix: '',
  searchLanguage: 'zh-cn',
  name: '简体',
  locale: 'zh_CN',
  text: (s) => s,
  html: (s) => s,
};

export const TRADITIONAL: Script = {
  lang: 'zh-Hant-HK',
  prefix: 'hant/',
  searchLanguage: 'zh-hant-hk',
  name: '繁體',
  locale: 'zh_HK',
  text: (s) => toTraditional(s),
  html: (s) => traditionalHtml(s),
};

export const SCRIPTS: readonly Script[] = [SIMPLIFIED, TRADITIONAL];

/**
 * A page rendered in Simplified characters that is yet to be converted into the script of `lang`:
 * a build hands Traditional pages so to the writer's thread, which converts them there.
 */
export interface UnconvertedPage {
  readonly lang: string;
  readonly simplified: string;
}

export function isUnconverted(content: string | Uint8Array | object): content is UnconvertedPage {
  return typeof content === 'object' && 'simplified' in content;
}

/** The page in its script. */
export function convertPage(page: UnconvertedPage): string {
  return scriptOf(page.lang).html(page.simplified);
}

/** The script of pages in `lang`. */
export function scriptOf(lang: string): Script {
  const script = SCRIPTS.find((s) => s.lang === lang);
  if (!script) throw new Error(`no script for ${lang}`);
  return script;
}

export function otherScript(script: Script): Script {
  return script === SIMPLIFIED ? TRADITIONAL : SIMPLIFIED;
}

/** Attributes that hold reader-facing text. `data-text-*` attributes carry the messages of scripts. */
const TEXT_ATTRIBUTES = new Set(['title', 'alt', 'aria-label', 'placeholder']);
const TEXT_META = /^(description|og:title|og:description|og:site_name)$/;
/** JSON-LD fields that hold addresses or codes, not text. */
const JSON_LD_KEEP = /^(@.*|url|inLanguage|datePublished|dateModified|temporalCoverage|bookEdition)$/;
const UNTRANSLATED = 'translate="no"';
/** What ATTRIBUTE's `[^\s"'=<>/]` takes: anything but white space (as \s means it) and " ' = < > /. */
function isAttributeNameCharacter(c: number): boolean {
  if (c === 34 || c === 39 || c === 61 || c === 60 || c === 62 || c === 47) return false;
  if (c <= 32) return !(c === 32 || (c >= 9 && c <= 13));
  if (c < 0xa0) return true;
  return !(c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff);
}

// Every key of OpenCC's tables holds a Han character (tests/pipeline/traditional.test.ts checks), so
// text without one is its own conversion and is not handed to OpenCC at all.
const HAN = /\p{Script=Han}/u;
const HAN_AHEAD = /\p{Script=Han}/gu;

// The text runs of a page are converted in one call, joined by a character that no key or value of
// OpenCC's tables holds: no phrase can match across it, and it comes out as it went in (the tests
// check both). Ideographic description characters (⿰…⿻) make OpenCC step over the characters that
// follow them unconverted, which could reach across the separator: such text is converted run by run.
export const SEPARATOR = '\u0000';
const DESCRIPTION_CHARACTER = /[\u2ff0-\u2fff]/;

// Labels, titles and names recur on thousands of pages: each short text is converted once. Only
// texts up to 12 characters are kept: V8 copies a slice that short, while a longer one (most are
// unique sentences anyway) would keep the whole page it was cut from alive in the memo.
const SHORT = 12;
const converted = new Map<string, string>();

/** Text in Traditional characters (Hong Kong variant). */
export function toTraditional(text: string): string {
  if (!HAN.test(text)) return text;
  if (text.length > SHORT) return toHongKong(text);
  const known = converted.get(text);
  if (known !== undefined) return known;
  const result: string = toHongKong(text);
  converted.set(text, result);
  return result;
}

/** Several texts in Traditional characters, converted by one call to OpenCC when they allow it. */
export function toTraditionalAll(texts: readonly string[]): string[] {
  if (texts.length === 0) return [];
  const joined = texts.join(SEPARATOR);
  if (!DESCRIPTION_CHARACTER.test(joined)) {
    const parts = toHongKong(joined).split(SEPARATOR);
    // A text holding the separator itself splits into more parts: then each is converted alone.
    if (parts.length === texts.length) return parts;
  }
  return texts.map((text) => toHongKong(text));
}

/**
 * A page being converted: the parts that change are collected (positions in the page, in order), the
 * texts among them converted together at the end, and the rest of the page copied as it is.
 */
class PageConversion {
  private readonly pieces: string[] = [];
  private copied = 0;
  /**
   * Texts waiting for OpenCC, each once (a data page repeats a sentence for each of its figures;
   * a quarter of the characters of the corpus's pages are in a text seen before on the same page),
   * with their places in `pending`; and the pieces to fill, with the text each one becomes.
   * Converting 8,084 pages: 0.86–0.92 s instead of 0.91–0.96 s (medians of 7 passes).
   */
  private readonly pending: string[] = [];
  private readonly places = new Map<string, number>();
  private readonly slots: number[] = [];
  private readonly slotTexts: number[] = [];
  /** The first Han character at or after the position last asked about. */
  private nextHan = -1;
  /** The first `translate="no"` at or after the position last asked about. */
  private nextMark = -1;

  constructor(private readonly html: string) {}

  /** Whether html[start, end) holds a Han character; positions asked about only move forward. */
  hasHan(start: number, end: number): boolean {
    if (this.nextHan >= start) return this.nextHan < end;
    // Han characters are all at U+2E80 or above: most runs without one are told by their codes.
    let at = start;
    while (at < end && this.html.charCodeAt(at) < 0x2e80) at++;
    if (at === end) return false;
    // test() rather than exec(): no match array for each run (80 MB over a 4,000-chapter build).
    HAN_AHEAD.lastIndex = at;
    if (HAN_AHEAD.test(this.html)) {
      // Where the character found starts: one code unit back, two for one beyond the BMP.
      const after = HAN_AHEAD.lastIndex;
      const last = this.html.charCodeAt(after - 1);
      this.nextHan = last >= 0xdc00 && last <= 0xdfff ? after - 2 : after - 1;
    } else {
      this.nextHan = this.html.length;
    }
    return this.nextHan < end;
  }

  /** Whether html[start, end) holds `translate="no"`; positions asked about only move forward. */
  marked(start: number, end: number): boolean {
    if (this.nextMark < start) {
      const at = this.html.indexOf(UNTRANSLATED, start);
      this.nextMark = at === -1 ? this.html.length : at;
    }
    return this.nextMark + UNTRANSLATED.length <= end;
  }

  replace(start: number, end: number, replacement: string): void {
    if (start > this.copied) this.pieces.push(this.html.slice(this.copied, start));
    this.pieces.push(replacement);
    this.copied = end;
  }

  /** html[start, end) to be converted (the caller knows it holds a Han character). */
  convert(start: number, end: number): void {
    const text = this.html.slice(start, end);
    const known = text.length <= SHORT ? converted.get(text) : undefined;
    if (known !== undefined) return this.replace(start, end, known);
    let place = this.places.get(text);
    if (place === undefined) {
      place = this.pending.push(text) - 1;
      this.places.set(text, place);
    }
    this.slots.push(this.pieces.length + (start > this.copied ? 1 : 0));
    this.slotTexts.push(place);
    this.replace(start, end, text);
  }

  finish(): string {
    const results = toTraditionalAll(this.pending);
    for (let i = 0; i < this.slots.length; i++) this.pieces[this.slots[i]!] = results[this.slotTexts[i]!]!;
    results.forEach((result, i) => {
      const text = this.pending[i]!;
      if (text.length <= SHORT) converted.set(text, result);
    });
    if (this.copied < this.html.length) this.pieces.push(this.html.slice(this.copied));
    return this.pieces.join('');
  }
}

/** The two elements whose attributes change even without Han characters (lang, og:locale). */
const HTML = tagId('html');
const META = tagId('meta');

/**
 * A whole page converted to Traditional characters: its text and the attributes that hold text,
 * nothing inside an element marked translate="no" (but <html lang> is always switched); JSON-LD's
 * strings except its addresses and codes.
 */
export function traditionalHtml(html: string): string {
  const page = new PageConversion(html);
  // The open elements and how many of them are marked translate="no".
  const names: TagId[] = [];
  const marked: boolean[] = [];
  let untranslated = 0;

  /**
   * A start tag's attributes, html[from, to); `kept` when the element or one around it is marked
   * translate="no". Read in place, as ATTRIBUTE reads them: no match array or substring for each.
   */
  const attributes = (id: TagId, from: number, to: number, kept: boolean) => {
    for (let at = from; at < to; ) {
      if (!isAttributeNameCharacter(html.charCodeAt(at))) {
        at++;
        continue;
      }
      const nameStart = at;
      while (at < to && isAttributeNameCharacter(html.charCodeAt(at))) at++;
      const nameEnd = at;
      // Only a double-quoted value closed inside the tag counts (ATTRIBUTE's `="([^"]*)"`).
      if (html.charCodeAt(at) !== 61 /* = */ || html.charCodeAt(at + 1) !== 34 /* " */ || at + 1 >= to) continue;
      const close = html.indexOf('"', at + 2);
      if (close === -1 || close >= to) continue;
      const start = at + 2;
      at = close + 1;
      const name = html.slice(nameStart, nameEnd).toLowerCase();
      if (id === HTML && name === 'lang') {
        if (html.slice(start, close) !== TRADITIONAL.lang) page.replace(start, close, TRADITIONAL.lang);
      } else if (kept) {
        continue;
      } else if (TEXT_ATTRIBUTES.has(name) || name.startsWith('data-text-')) {
        if (page.hasHan(start, close)) page.convert(start, close);
      } else if (id === META && name === 'content') {
        const written = html.slice(from, to);
        const key = attributeOf(written, 'name') ?? attributeOf(written, 'property') ?? '';
        if (TEXT_META.test(key)) {
          if (page.hasHan(start, close)) page.convert(start, close);
        } else if (key === 'og:locale' && html.slice(start, close) !== TRADITIONAL.locale) {
          page.replace(start, close, TRADITIONAL.locale);
        }
      }
    }
  };
  /**
   * A start tag from start to end, its name ending at nameEnd: only <html>, <meta> and tags holding
   * Han characters can change. Returns whether its attributes mark it translate="no".
   */
  const startTag = (id: TagId, start: number, end: number, nameEnd: number): boolean => {
    const mark = page.marked(nameEnd, end - 1);
    const kept = untranslated > 0 || mark;
    if (id === HTML || (!kept && (id === META || page.hasHan(start, end)))) attributes(id, nameEnd, end - 1, kept);
    return mark;
  };

  scanHtml(html, {
    text(start, end) {
      if (untranslated === 0 && page.hasHan(start, end)) page.convert(start, end);
    },
    startTag(id, start, end, nameEnd) {
      const mark = startTag(id, start, end, nameEnd);
      if (closesItself(html, id, end)) return;
      names.push(id);
      marked.push(mark);
      if (mark) untranslated++;
    },
    endTag(id) {
      const at = names.lastIndexOf(id);
      if (at === -1) return;
      while (names.length > at) {
        names.pop();
        if (marked.pop()) untranslated--;
      }
    },
    rawElement(name, start, contentStart, contentEnd, end) {
      const tag = name.toLowerCase();
      const kept = startTag(tagId(tag), start, contentStart, start + 1 + name.length) || untranslated > 0;
      if (tag === 'title' || tag === 'textarea') {
        if (!kept && page.hasHan(contentStart, contentEnd)) page.convert(contentStart, contentEnd);
      } else if (tag === 'script' && attributeOf(attributesOf(html, tag, start, contentStart), 'type') === 'application/ld+json') {
        page.replace(contentStart, contentEnd, convertJsonLd(html.slice(contentStart, contentEnd)));
      }
      // The end tag is written plainly, `</name>`.
      if (html.slice(contentEnd, end) !== `</${name}>`) page.replace(contentEnd, end, `</${name}>`);
    },
  });
  return page.finish();
}

function convertJsonLd(text: string): string {
  const convert = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') return JSON_LD_KEEP.test(key) ? (key === 'inLanguage' ? TRADITIONAL.lang : value) : toTraditional(value);
    if (Array.isArray(value)) return value.map((v) => convert(v, key));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, k)]));
    return value;
  };
  return jsonForScript(convert(JSON.parse(text), ''));
}

/** JSON safe inside a <script> element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
