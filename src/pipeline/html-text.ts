// A single fast pass over HTML that this tool wrote itself (templates with escaping on, and
// sanitized fragments): every run of text and every tag is handed to a callback that may rewrite
// it, with the elements that enclose it. Parsing a whole page into a tree and writing it out again
// costs several times more, and pages are made by the thousand. Only for our own output: tags are
// well formed and attribute values are double-quoted (hast-util-to-html and our templates do so).

/** Elements with no end tag. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** Comments, elements whose content is not HTML, tags, and text. */
const TOKEN = /<!--[\s\S]*?-->|<(script|style|textarea|title)\b([^>]*)>([\s\S]*?)<\/\1\s*>|<(\/?)([a-zA-Z][\w:-]*)([^>]*)>|<!doctype[^>]*>|[^<]+|</gi;
const ATTRIBUTE = /([^\s"'=<>/]+)(?:="([^"]*)")?/g;

export interface OpenElement {
  name: string;
  /** The attributes as written in the start tag. */
  attributes: string;
}

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
  let out = '';
  for (const match of html.matchAll(TOKEN)) {
    const [token, rawName, rawAttributes, rawContent, slash, name, attributes] = match;
    if (rawName !== undefined) {
      // <script>, <style>, <textarea>, <title>: the start tag's attributes, then the content.
      const element = { name: rawName.toLowerCase(), attributes: rawAttributes! };
      open.push(element);
      const start = visitor.attribute ? rewriteAttributes(rawAttributes!, open, visitor.attribute) : rawAttributes;
      const content = element.name === 'title' || element.name === 'textarea'
        ? visitor.text ? visitor.text(rawContent!, open) : rawContent!
        : visitor.rawText ? visitor.rawText(element, rawContent!, open) : rawContent!;
      open.pop();
      out += `<${rawName}${start}>${content}</${rawName}>`;
    } else if (name !== undefined) {
      const tag = name.toLowerCase();
      if (slash) {
        const at = open.map((e) => e.name).lastIndexOf(tag);
        if (at !== -1) open.length = at;
        out += token;
      } else {
        const element = { name: tag, attributes: attributes! };
        open.push(element);
        out += visitor.attribute ? `<${name}${rewriteAttributes(attributes!, open, visitor.attribute)}>` : token;
        if (VOID.has(tag) || attributes!.endsWith('/')) open.pop();
      }
    } else if (token[0] === '<' && token.length > 1) {
      out += token; // comment or doctype
    } else {
      out += visitor.text ? visitor.text(token, open) : token;
    }
  }
  return out;
}

function rewriteAttributes(attributes: string, open: readonly OpenElement[], rewrite: NonNullable<HtmlTextVisitor['attribute']>): string {
  return attributes.replace(ATTRIBUTE, (whole, key: string, value: string | undefined) => {
    if (value === undefined) return whole;
    const replaced = rewrite(key.toLowerCase(), value, open);
    return replaced === undefined ? whole : `${key}="${replaced}"`;
  });
}
