// A single fast pass over HTML that this tool wrote itself (templates with escaping on, and
// sanitized fragments): every run of text and every tag is handed to a callback that may rewrite
// it, with the elements that enclose it. Parsing a whole page into a tree and writing it out again
// costs several times more, and pages are made by the thousand. Only for our own output: tags are
// well formed and attribute values are double-quoted (hast-util-to-html and our templates do so).
//
// The scanner reads the page with indexOf and character tests, in this order at each "<": a comment
// `<!--…-->`; a script, style, textarea or title element with its end tag (its content is not
// HTML); a start or end tag `<name…>`; `<!doctype…>`; otherwise the "<" is text. Text runs up to
// the next "<". Names are matched without regard to case.

/**
 * A tag's name without regard to case, as the scanner reports it: a number when the name has up
 * to 8 characters (each of [a-z0-9_:-] in 6 bits, so two names get the same number only when they
 * are the same name), else the name in lower case. Tags are compared by it without a string being
 * made for each (a page has hundreds): converting 8,084 pages to Traditional took 0.94–0.99 s with
 * them, against 1.07–1.08 s with the names sliced and lower-cased (one process, medians of 7 passes).
 */
export type TagId = number | string;

/** 1–26 for a–z and A–Z, 27–36 for 0–9, then _ : - (what a name may hold: isNameChar). */
function nameCode(c: number): number {
  if (c >= 97) return c - 96;
  if (c >= 65) return c === 95 ? 37 : c - 64;
  if (c >= 48) return c === 58 ? 38 : c - 21;
  return 39;
}

/** The TagId of html[from, to), a name the scanner read. */
export function tagIdAt(html: string, from: number, to: number): TagId {
  if (to - from > 8) return html.slice(from, to).toLowerCase();
  let id = 0;
  for (let at = from; at < to; at++) id = id * 64 + nameCode(html.charCodeAt(at));
  return id;
}

/** The TagId of a name. */
export const tagId = (name: string): TagId => tagIdAt(name, 0, name.length);

/** Elements with no end tag. */
export const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const VOID_IDS = new Set([...VOID].map(tagId));

/** Elements whose content is not HTML. */
const RAW = new Set(['script', 'style', 'textarea', 'title']);
const RAW_IDS = new Set([...RAW].map(tagId));
const RAW_LENGTHS = new Set([...RAW].map((name) => name.length));
/** An attribute in a start tag's attribute text: name, and value when double-quoted. */
export const ATTRIBUTE = /([^\s"'=<>/]+)(?:="([^"]*)")?/g;
/** What may follow the name of an end tag before its ">". */
const END_TAG_REST = /\s*>/y;

export interface OpenElement {
  name: string;
  /** The attributes as written in the start tag. */
  attributes: string;
}

/** What the scanner reports; positions are offsets in the page, ends exclusive. */
export interface HtmlTokens {
  /** A run of text, as written (character references included). */
  text(start: number, end: number): void;
  /**
   * A start tag `<name attributes>` from start to end; its name is html.slice(start + 1, nameEnd)
   * and its attributes, as written, html.slice(nameEnd, end - 1) (only sliced where they are needed).
   */
  startTag(id: TagId, start: number, end: number, nameEnd: number): void;
  /** An end tag from start to end. */
  endTag(id: TagId, start: number, end: number): void;
  /**
   * A script, style, textarea or title element: its start tag (name as written) runs from start to
   * contentStart, its content to contentEnd, its end tag (as written) to end.
   */
  rawElement(name: string, start: number, contentStart: number, contentEnd: number, end: number): void;
}

const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
/** [A-Za-z0-9_] */
const isWord = (c: number) => isLetter(c) || (c >= 48 && c <= 57) || c === 95;
/** [A-Za-z0-9_:-] */
const isNameChar = (c: number) => isWord(c) || c === 58 || c === 45;

/** Where the end tag `</name\s*>` of a raw element starts and ends, or null when it has none. */
function endOfRaw(html: string, name: string, from: number): [number, number] | null {
  for (let at = html.indexOf('</', from); at !== -1; at = html.indexOf('</', at + 2)) {
    if (html.slice(at + 2, at + 2 + name.length).toLowerCase() !== name) continue;
    END_TAG_REST.lastIndex = at + 2 + name.length;
    if (END_TAG_REST.test(html)) return [at, END_TAG_REST.lastIndex];
  }
  return null;
}

/** Reports every token of the page, in order; tokens cover the page without gaps. */
export function scanHtml(html: string, tokens: HtmlTokens): void {
  const n = html.length;
  let i = 0;
  while (i < n) {
    if (html.charCodeAt(i) !== 60 /* < */) {
      const next = html.indexOf('<', i);
      const end = next === -1 ? n : next;
      tokens.text(i, end);
      i = end;
      continue;
    }
    const next = html.charCodeAt(i + 1);
    if (next === 33 /* ! */) {
      if (html.startsWith('<!--', i)) {
        const close = html.indexOf('-->', i + 4);
        if (close !== -1) {
          i = close + 3; // a comment, kept as it is
          continue;
        }
      } else if (html.slice(i, i + 9).toLowerCase() === '<!doctype') {
        const close = html.indexOf('>', i + 9);
        if (close !== -1) {
          i = close + 1;
          continue;
        }
      }
    } else {
      const slash = next === 47 /* / */ ? 1 : 0;
      const nameStart = i + 1 + slash;
      if (isLetter(html.charCodeAt(nameStart))) {
        let nameEnd = nameStart + 1;
        while (nameEnd < n && isWord(html.charCodeAt(nameEnd))) nameEnd++;
        if (!slash && RAW_LENGTHS.has(nameEnd - nameStart) && RAW_IDS.has(tagIdAt(html, nameStart, nameEnd))) {
          const close = html.indexOf('>', nameEnd);
          const name = html.slice(nameStart, nameEnd);
          const end = close === -1 ? null : endOfRaw(html, name.toLowerCase(), close + 1);
          if (end) {
            tokens.rawElement(name, i, close + 1, end[0], end[1]);
            i = end[1];
            continue;
          }
        }
        while (nameEnd < n && isNameChar(html.charCodeAt(nameEnd))) nameEnd++;
        const close = html.indexOf('>', nameEnd);
        if (close !== -1) {
          const id = tagIdAt(html, nameStart, nameEnd);
          if (slash) tokens.endTag(id, i, close + 1);
          else tokens.startTag(id, i, close + 1, nameEnd);
          i = close + 1;
          continue;
        }
      }
    }
    tokens.text(i, i + 1); // a "<" that starts no tag
    i++;
  }
}

/** The attributes of a start tag from start to end (its ">"), as written. */
export const attributesOf = (html: string, name: string, start: number, end: number): string => html.slice(start + 1 + name.length, end - 1);

/** Whether the start tag from start to end has no end tag: a void element, or written "/>". */
export const closesItself = (html: string, id: TagId, end: number): boolean => VOID_IDS.has(id) || html.charCodeAt(end - 2) === 47; /* / */

export interface HtmlTextVisitor {
  /** A run of text, as written (character references included); returns its replacement. */
  text?(text: string, open: readonly OpenElement[]): string;
  /**
   * An attribute of a start tag; returns its new value (as written, escaped) or undefined to keep it.
   * `open` ends with the element itself.
   */
  attribute?(name: string, value: string, open: readonly OpenElement[]): string | undefined;
  /** The content of a script, style, textarea or title element; returns its replacement. */
  rawText?(element: OpenElement, content: string, open: readonly OpenElement[]): string;
}

/** Reads the value of one attribute from a start tag's attribute text. */
export function attributeOf(attributes: string, name: string): string | undefined {
  for (const [, key, value] of attributes.matchAll(ATTRIBUTE)) if (key!.toLowerCase() === name) return value ?? '';
  return undefined;
}

export function mapHtml(html: string, visitor: HtmlTextVisitor): string {
  const open: OpenElement[] = [];
  /** The TagId of each open element. */
  const ids: TagId[] = [];
  let out = '';
  let copied = 0;
  const replace = (start: number, end: number, replacement: string) => {
    out += html.slice(copied, start) + replacement;
    copied = end;
  };
  const text = (start: number, end: number) => {
    if (!visitor.text) return;
    const text = html.slice(start, end);
    const replaced = visitor.text(text, open);
    if (replaced !== text) replace(start, end, replaced);
  };
  const startTag = (name: string, attributes: string, start: number) => {
    if (!visitor.attribute) return;
    const rewritten = rewriteAttributes(attributes, open, visitor.attribute);
    if (rewritten !== attributes) replace(start + 1 + name.length, start + 1 + name.length + attributes.length, rewritten);
  };
  scanHtml(html, {
    text,
    startTag(id, start, end, nameEnd) {
      const name = html.slice(start + 1, nameEnd);
      const element = { name: name.toLowerCase(), attributes: attributesOf(html, name, start, end) };
      open.push(element);
      ids.push(id);
      startTag(name, element.attributes, start);
      if (closesItself(html, id, end)) {
        open.pop();
        ids.pop();
      }
    },
    endTag(id) {
      const at = ids.lastIndexOf(id);
      if (at !== -1) open.length = ids.length = at;
    },
    rawElement(name, start, contentStart, contentEnd, end) {
      const element = { name: name.toLowerCase(), attributes: attributesOf(html, name, start, contentStart) };
      open.push(element);
      startTag(name, element.attributes, start);
      if (element.name === 'title' || element.name === 'textarea') text(contentStart, contentEnd);
      else if (visitor.rawText) {
        const content = html.slice(contentStart, contentEnd);
        const replaced = visitor.rawText(element, content, open);
        if (replaced !== content) replace(contentStart, contentEnd, replaced);
      }
      open.pop();
      // The end tag is written plainly, `</name>`.
      if (html.slice(contentEnd, end) !== `</${name}>`) replace(contentEnd, end, `</${name}>`);
    },
  });
  return out + html.slice(copied);
}

function rewriteAttributes(attributes: string, open: readonly OpenElement[], rewrite: NonNullable<HtmlTextVisitor['attribute']>): string {
  return attributes.replace(ATTRIBUTE, (whole, key: string, value: string | undefined) => {
    if (value === undefined) return whole;
    const replaced = rewrite(key.toLowerCase(), value, open);
    return replaced === undefined ? whole : `${key}="${replaced}"`;
  });
}
