// The two scripts the site is published in: Simplified (the source text) and Traditional characters
// in the Hong Kong variant (繁體, for readers in Hong Kong and Macau), converted at build time by
// OpenCC's phrase tables. Only text a reader sees is converted; addresses, ids and anything marked
// translate="no" stay as they are, so every anchor is the same in both scripts.
import type { Element, ElementContent, Root, Text } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { Converter } from 'opencc-js/cn2t';
import { SKIP, visit } from 'unist-util-visit';

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

const toHongKong = Converter({ from: 'cn', to: 'hk' });

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
  text: (s) => toHongKong(s),
  html: (s) => traditionalHtml(s),
};

export const SCRIPTS: readonly Script[] = [SIMPLIFIED, TRADITIONAL];

export function otherScript(script: Script): Script {
  return script === SIMPLIFIED ? TRADITIONAL : SIMPLIFIED;
}

/** Attributes that hold reader-facing text. `data-text-*` attributes carry the messages of scripts. */
const TEXT_PROPERTIES = new Set(['title', 'alt', 'ariaLabel', 'placeholder']);
const TEXT_META = /^(description|og:title|og:description|og:site_name)$/;
/** JSON-LD fields that hold addresses or codes, not text. */
const JSON_LD_KEEP = /^(@.*|url|inLanguage|datePublished|dateModified|temporalCoverage|bookEdition)$/;

/** A whole page converted to Traditional characters: its text nodes and text attributes. */
export function traditionalHtml(html: string): string {
  const tree: Root = fromHtml(html);
  visit(tree, (node) => {
    if (node.type === 'text') {
      (node as Text).value = toHongKong((node as Text).value);
      return;
    }
    if (node.type !== 'element') return;
    const element = node as Element;
    const props = element.properties;
    if (props.translate === 'no') return SKIP;
    if (element.tagName === 'html') props.lang = TRADITIONAL.lang;
    if (element.tagName === 'script') {
      if (props.type === 'application/ld+json') convertJsonLd(element);
      return SKIP;
    }
    if (element.tagName === 'style') return SKIP;
    for (const [key, value] of Object.entries(props)) {
      if (typeof value !== 'string') continue;
      if (TEXT_PROPERTIES.has(key) || /^dataText[A-Z]/.test(key)) props[key] = toHongKong(value);
    }
    if (element.tagName === 'meta' && typeof props.content === 'string') {
      const name = String(props.name ?? props.property ?? '');
      if (TEXT_META.test(name)) props.content = toHongKong(props.content);
      if (name === 'og:locale') props.content = TRADITIONAL.locale;
    }
    return undefined;
  });
  return toHtml(tree);
}

function convertJsonLd(script: Element): void {
  const text = script.children.map((c: ElementContent) => (c.type === 'text' ? c.value : '')).join('');
  const convert = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') return JSON_LD_KEEP.test(key) ? (key === 'inLanguage' ? TRADITIONAL.lang : value) : toHongKong(value);
    if (Array.isArray(value)) return value.map((v) => convert(v, key));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, k)]));
    return value;
  };
  script.children = [{ type: 'text', value: jsonForScript(convert(JSON.parse(text), '')) }];
}

/** JSON safe inside a <script> element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
