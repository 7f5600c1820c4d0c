// Scans built files for markup that could run script: event-handler attributes (on*=),
// script-bearing addresses (javascript:, vbscript:, data:text/html) and elements that run or embed
// code. Text that merely shows such words (escaped) is harmless and is not reported.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DomUtils } from 'htmlparser2';
import { elements } from './links.ts';

/** Attributes whose value is an address. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'poster', 'srcset', 'xlink:href', 'background', 'data', 'cite', 'ping']);
const SCRIPT_URL = /^(javascript|vbscript|livescript):|^data:(text\/html|image\/svg|application\/(xhtml|javascript))/i;
/** Elements that load or run other code. The site's own scripts are allowed by `ownScript`. */
const FORBIDDEN_ELEMENTS = new Set(['iframe', 'frame', 'object', 'embed', 'applet', 'base']);

/** What a browser makes of an address: entities are decoded already; controls and spaces dropped. */
export function isScriptUrl(value: string): boolean {
  // Browsers ignore ASCII tab and newline anywhere in a URL and leading controls and spaces.
  const squashed = value.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
  return SCRIPT_URL.test(squashed) || (/url\s*\(/i.test(value) && /(javascript|vbscript):/i.test(squashed));
}

/**
 * Every start tag of an HTML text with its attribute values blanked, found without an HTML parser:
 * a quote opens a value only right after "=" (as in the HTML tokenizer), so a ">" inside a quoted
 * value does not end the tag, and a stray quote in an unquoted value hides nothing.
 */
function startTags(text: string): { tag: string; unquoted: string }[] {
  const tags: { tag: string; unquoted: string }[] = [];
  let end = 0;
  for (const start of text.matchAll(/<[a-zA-Z]/g)) {
    if (start.index < end) continue; // inside the previous tag's attribute values
    let unquoted = '';
    let afterEquals = false;
    let i = start.index;
    while (i < text.length && text[i] !== '>') {
      const c = text[i]!;
      if ((c === '"' || c === "'") && afterEquals) {
        const close = text.indexOf(c, i + 1);
        if (close < 0) break;
        unquoted += '""';
        afterEquals = false;
        i = close + 1;
      } else {
        unquoted += c;
        if (!/\s/.test(c)) afterEquals = c === '=';
        i++;
      }
    }
    end = i + 1;
    tags.push({ tag: text.slice(start.index, end), unquoted });
  }
  return tags;
}

/** A JSON-LD block (data, never run): JSON with no "<" in its text, so that it cannot end its <script>. */
function scanJsonLd(text: string): string[] {
  if (text.includes('<')) return [`"<" in a JSON-LD block: ${text.slice(Math.max(0, text.indexOf('<') - 40), text.indexOf('<') + 40)}`];
  try {
    return scanJson(text).map((p) => `in JSON-LD, ${p}`);
  } catch {
    return ['a JSON-LD block that is not JSON'];
  }
}

/** Problems in one HTML text, as "what: detail". */
export function scanHtml(text: string, ownScript: (src: string) => boolean = () => false): string[] {
  const problems: string[] = [];
  // Raw text first, independent of any parser: a tag with an on*= attribute outside quoted values.
  for (const { tag, unquoted } of startTags(text)) {
    if (/[\s/"']on[a-z]+\s*=/i.test(unquoted)) problems.push(`event handler in tag: ${tag.slice(0, 120)}`);
  }
  for (const el of elements(text)) {
    for (const [name, value] of Object.entries(el.attribs)) {
      if (/^on/i.test(name)) problems.push(`event handler attribute ${name} on <${el.name}>`);
      if ((URL_ATTRIBUTES.has(name) || name === 'style') && value.split(',').some(isScriptUrl)) problems.push(`script address in ${name} of <${el.name}>: ${value.slice(0, 120)}`);
    }
    if (el.name === 'script' && el.attribs.type === 'application/ld+json' && el.attribs.src === undefined) problems.push(...scanJsonLd(DomUtils.textContent(el)));
    else if (el.name === 'script' && !(el.attribs.src && ownScript(el.attribs.src))) problems.push(`<script> that is not one of the site's own files: ${el.attribs.src ?? 'inline'}`);
    if (FORBIDDEN_ELEMENTS.has(el.name)) problems.push(`<${el.name}> element`);
    if (el.name === 'meta' && /refresh/i.test(el.attribs['http-equiv'] ?? '')) problems.push('<meta http-equiv="refresh">');
  }
  return problems;
}

/**
 * Problems in a JSON text: HTML fragments in it (values of keys ending in "html") are scanned, and
 * addresses must not run script. Every other string is plain text (the records' titles and
 * paragraphs are the editors' text as written), which shows as text wherever it is used.
 */
function scanJson(text: string): string[] {
  const problems: string[] = [];
  const walk = (value: unknown, key: string): void => {
    if (typeof value === 'string') {
      if (/html$/i.test(key)) problems.push(...scanHtml(value).map((p) => `${key}: ${p}`));
      if (/(href|url|link|src)$/i.test(key) && isScriptUrl(value)) problems.push(`${key}: script address ${value.slice(0, 120)}`);
    } else if (Array.isArray(value)) value.forEach((v) => walk(v, key));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  walk(JSON.parse(text), '');
  return problems;
}

/**
 * Scans every output file (paths relative to `root`): HTML and XML as markup, JSON by its
 * values, anything else (CSS, JavaScript of the site itself) for script addresses only.
 */
export function scanSite(root: string, files: string[], ownScript: (src: string) => boolean): string[] {
  return files.flatMap((file) => {
    const text = readFileSync(path.join(root, file), 'utf8');
    const ext = path.extname(file);
    const problems =
      ext === '.html' || ext === '.htm' || ext === '.xml' || ext === '.svg'
        ? scanHtml(text, ownScript)
        : ext === '.json'
          ? scanJson(text)
          : ext === '.css'
            ? (text.match(/url\([^)]*\)/gi) ?? []).filter(isScriptUrl).map((u) => `script address in CSS: ${u}`)
            : [];
    return problems.map((p) => `${file}: ${p}`);
  });
}
