// The two scripts the site is published in: Simplified (the source text) and Traditional characters
// in the Hong Kong variant (繁體, for readers in Hong Kong and Macau), converted at build time by
// OpenCC's phrase tables. Only text a reader sees is converted; addresses, ids and anything marked
// translate="no" stay as they are, so every anchor is the same in both scripts.
import { Converter } from 'opencc-js/cn2t';
import { attributeOf, mapHtml, type OpenElement } from './html-text.ts';

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

// Made on first use: building OpenCC's tables costs a noticeable part of the tool's start-up.
let converter: ((text: string) => string) | null = null;
const toHongKong = (text: string): string => (converter ??= Converter({ from: 'cn', to: 'hk' }))(text);

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

export function otherScript(script: Script): Script {
  return script === SIMPLIFIED ? TRADITIONAL : SIMPLIFIED;
}

/** Attributes that hold reader-facing text. `data-text-*` attributes carry the messages of scripts. */
const TEXT_ATTRIBUTES = new Set(['title', 'alt', 'aria-label', 'placeholder']);
const TEXT_META = /^(description|og:title|og:description|og:site_name)$/;
/** JSON-LD fields that hold addresses or codes, not text. */
const JSON_LD_KEEP = /^(@.*|url|inLanguage|datePublished|dateModified|temporalCoverage|bookEdition)$/;

// Labels, titles and names recur on thousands of pages: each short text is converted once.
const SHORT = 64;
const converted = new Map<string, string>();

/** Text in Traditional characters (Hong Kong variant). */
export function toTraditional(text: string): string {
  if (text.length > SHORT) return toHongKong(text);
  const known = converted.get(text);
  if (known !== undefined) return known;
  const result: string = toHongKong(text);
  converted.set(text, result);
  return result;
}

const untranslated = (open: readonly OpenElement[]) => open.some((e) => e.attributes.includes('translate="no"'));

/** A whole page converted to Traditional characters: its text and the attributes that hold text. */
export function traditionalHtml(html: string): string {
  return mapHtml(html, {
    text: (text, open) => (untranslated(open) ? text : toTraditional(text)),
    attribute(name, value, open) {
      const element = open.at(-1)!;
      if (element.name === 'html' && name === 'lang') return TRADITIONAL.lang;
      if (untranslated(open)) return undefined;
      if (TEXT_ATTRIBUTES.has(name) || name.startsWith('data-text-')) return toTraditional(value);
      if (element.name === 'meta' && name === 'content') {
        const key = attributeOf(element.attributes, 'name') ?? attributeOf(element.attributes, 'property') ?? '';
        if (TEXT_META.test(key)) return toTraditional(value);
        if (key === 'og:locale') return TRADITIONAL.locale;
      }
      return undefined;
    },
    rawText: (element, content) =>
      element.name === 'script' && attributeOf(element.attributes, 'type') === 'application/ld+json' ? convertJsonLd(content) : content,
  });
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
